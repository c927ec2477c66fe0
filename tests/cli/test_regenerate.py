"""`saic-asn1 regenerate` end to end, `make check`'s contract, and the CI workflow file."""

from __future__ import annotations

import functools
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.cli import main
from extractor.release.regenerate import regenerate as regenerate_releases
from extractor.schema.extract import extract
from tests.factory import FactoryOptions, ModuleSource, build_apk

# Slow (left out of `make test-fast`): builds release APKs and runs make, regenerate and actionlint.
pytestmark = pytest.mark.slow

REPOSITORY = Path(__file__).resolve().parents[2]
WORKFLOW = REPOSITORY / ".github" / "workflows" / "regenerate.yml"
CI_RUN = REPOSITORY / ".ci" / "run"
PACKAGE = "com.saicmotor.ismart.regen"
FIRST = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE { speed INTEGER(0..255), vin IA5String(SIZE(17)) }
END"""
SECOND = FIRST.replace("speed INTEGER(0..255)", "speed INTEGER(0..255), heading INTEGER(0..359) OPTIONAL")


def apk(text: str, version_name: str, version_code: int, filler: int = 0) -> Path:
    options = FactoryOptions(
        package=PACKAGE, version_name=version_name, version_code=version_code, filler_classes=filler
    )
    return build_apk([ModuleSource("v2_1", text)], options)


def regenerate(*paths: Path, into: Path):
    """The factory's APKs are test builds: `regenerate` adds them only when asked."""
    return CliRunner().invoke(main, ["regenerate", *map(str, paths), "--into", str(into), "--allow-test-apks"])


def test_a_test_build_is_refused_unless_asked_in_one_line_naming_it(tmp_path):
    into = tmp_path / "generated_schemas"
    made_up = apk(FIRST, "1.0.0", 100)
    refused = CliRunner().invoke(main, ["regenerate", str(made_up), "--into", str(into)])
    assert refused.exit_code == 3 and not into.exists()
    assert refused.output == (
        f"saic-asn1: error: {made_up}: a test build (its manifest sets android:testOnly), not an app release;"
        " give --allow-test-apks to add it to the history anyway\n"
    )
    release = build_apk(
        [ModuleSource("v2_1", FIRST)],
        FactoryOptions(package=PACKAGE, version_name="1.0.0", version_code=100, test_only=False),
    )
    assert CliRunner().invoke(main, ["regenerate", str(release), "--into", str(into)]).exit_code == 1
    assert regenerate(made_up, into=into).exit_code == 1


def test_first_run_creates_then_unchanged_then_a_changed_release(tmp_path):
    into = tmp_path / "generated_schemas"
    first = regenerate(apk(FIRST, "1.0.0", 100), into=into)
    assert first.exit_code == 1, first.output
    assert "First release" in first.stdout and (into / PACKAGE / "1.0.0" / "v2_1" / "ApplicationData.asn1").is_file()
    changelog = into / PACKAGE / "CHANGELOG.md"
    assert changelog.read_text().count("\n## ") == 1

    same_apk = regenerate(apk(FIRST, "1.0.0", 100), into=into)
    assert same_apk.exit_code == 0 and "unchanged: already release 1.0.0" in same_apk.stderr and same_apk.stdout == ""
    same_schemas = regenerate(apk(FIRST, "1.0.1", 101, filler=10), into=into)
    assert same_schemas.exit_code == 1 and "No schema change: the same schemas as 1.0.0" in same_schemas.stdout
    assert sorted(path.name for path in (into / PACKAGE).iterdir()) == ["1.0.0", "CHANGELOG.md", "releases.json"]

    changed = regenerate(apk(SECOND, "1.1.0", 110), into=into)
    assert changed.exit_code == 1, changed.output
    assert "component added" in changed.stdout and "| **breaking** |" in changed.stdout
    entries = changelog.read_text()
    assert (
        entries.index("## 1.1.0 (versionCode 110")
        < entries.index("## 1.0.1 (versionCode 101")
        < entries.index("## 1.0.0 (versionCode 100")
    )
    assert (into / PACKAGE / "1.1.0" / "index.json").is_file()
    assert "code using the generated Python client keeps working" in changed.stdout
    client = into / PACKAGE / "1.1.0" / "python" / "ismart_regen"
    checked = subprocess.run(
        [sys.executable, "-c", "import ismart_regen.v2_1 as v; print(v.Status(speed=1, vin='V' * 17, heading=None))"],
        cwd=client.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.stdout.strip() == "Status(speed=1, heading=None, vin='VVVVVVVVVVVVVVVVV')", checked.stderr


def test_a_backfilled_release_takes_the_changes_from_its_successor(tmp_path):
    """The issue's case: 3.1.0, then 3.2.0, then 3.1.5, which already carries 3.2.0's schemas."""
    into = tmp_path / "generated_schemas"
    assert regenerate(apk(FIRST, "3.1.0", 310), apk(SECOND, "3.2.0", 320, filler=10), into=into).exit_code == 1
    backfilled = regenerate(apk(SECOND, "3.1.5", 315), into=into)
    assert backfilled.exit_code == 1, backfilled.output
    assert "3.2.0: entry recomputed" in backfilled.stderr
    entries = (into / PACKAGE / "CHANGELOG.md").read_text().split("\n## ")
    assert [entry.split(" ")[0] for entry in entries[1:]] == ["3.2.0", "3.1.5", "3.1.0"]
    assert entries[1].count("No schema change: the same schemas as 3.1.5") == 1
    assert "component added" in entries[2]
    assert sorted(path.name for path in (into / PACKAGE).iterdir()) == [
        "3.1.0",
        "3.1.5",
        "CHANGELOG.md",
        "releases.json",
    ]

    # diff reads a release that is not stored again from the folder its release index names.
    runner = CliRunner()
    same = runner.invoke(main, ["diff", str(into / PACKAGE / "3.1.5"), str(into / PACKAGE / "3.2.0")])
    assert same.exit_code == 0 and "3.1.5 → 3.2.0: no schema changes" in same.stdout
    changed = runner.invoke(
        main, ["diff", str(into / PACKAGE / "3.1.0"), str(into / PACKAGE / "3.2.0"), "--format", "json"]
    )
    assert changed.exit_code == 1 and json.loads(changed.stdout)["new"] == "3.2.0"


def test_many_inputs_folders_and_files_in_one_call(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, path in (("b.apk", apk(SECOND, "1.1.0", 110)), ("a.apk", apk(FIRST, "1.0.0", 100)), ("notes.txt", None)):
        (archive / name).write_bytes(path.read_bytes() if path else b"not a release")
    into = tmp_path / "generated_schemas"
    result = regenerate(archive, archive / "a.apk", into=into)
    assert result.exit_code == 1, result.output
    assert "a.apk: unchanged: already release 1.0.0" in result.stderr
    assert result.stdout.count("\n## ") == 2
    again = regenerate(archive, into=into)
    assert again.exit_code == 0 and again.stdout == "" and again.stderr.endswith("nothing changed\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert regenerate(empty, into=into).exit_code == 3


def test_a_bad_input_among_good_ones_writes_nothing(tmp_path):
    broken = tmp_path / "broken.apk"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    into = tmp_path / "generated_schemas"
    result = regenerate(apk(FIRST, "1.0.0", 100), broken, into=into)
    assert result.exit_code == 3 and "broken.apk" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not into.exists()


@pytest.mark.parametrize("refusal", ["foreign folder", "file", "file above"])
def test_a_refused_site_folder_writes_no_history(tmp_path, refusal):
    into = tmp_path / "generated_schemas"
    site = tmp_path / "site"
    if refusal == "foreign folder":
        site.mkdir()
        (site / "notes.txt").write_text("mine")
    elif refusal == "file":
        site.write_text("not a folder")
    else:
        site.write_text("not a folder")
        site = site / "inner"
    result = CliRunner().invoke(
        main,
        ["regenerate", str(apk(FIRST, "1.0.0", 100)), "--into", str(into), "--site", str(site), "--allow-test-apks"],
    )
    assert result.exit_code == 7, result.output
    assert len(result.stderr.splitlines()) == 1 and str(tmp_path / "site") in result.stderr
    assert not into.exists()


def test_a_refused_release_folder_of_one_package_writes_no_other_package(tmp_path):
    into = tmp_path / "generated_schemas"
    other = build_apk(
        [ModuleSource("v2_1", FIRST)], FactoryOptions(package="com.saicmotor.ismart.other", version_name="2.0.0")
    )
    foreign = into / PACKAGE / "1.0.0"
    foreign.mkdir(parents=True)
    (foreign / "notes.txt").write_text("mine")
    result = regenerate(other, apk(FIRST, "1.0.0", 100), into=into)
    assert result.exit_code == 7 and f"{foreign}: folder is not empty" in result.stderr, result.output
    assert sorted(path.name for path in into.iterdir()) == [PACKAGE]


def test_an_apk_without_manifest_cannot_be_placed(tmp_path):
    bare = build_apk([ModuleSource("v2_1", FIRST)], FactoryOptions(manifest=False))
    result = regenerate(bare, into=tmp_path)
    assert result.exit_code == 3 and "has no package in its manifest" in result.output
    assert list(tmp_path.iterdir()) == []


def test_workflow_parses_and_runs_the_tests_then_regenerate():
    document = yaml.safe_load(WORKFLOW.read_text())
    triggers = document[True]  # YAML 1.1 reads the key `on` as True
    assert "workflow_dispatch" in triggers and "apk_url" in triggers["workflow_dispatch"]["inputs"]
    assert "schedule" in triggers
    steps = document["jobs"]["regenerate"]["steps"]
    runs = [step.get("run", "") for step in steps]
    test = next(step for step in steps if step.get("name") == "Test")
    assert test["run"] == ".ci/run" and test["env"]["SAIC_REQUIRE_CORPUS"] == "1"
    ci_commands = [line for line in CI_RUN.read_text().splitlines() if line and not line.startswith("#")]
    assert (
        ci_commands.index("export SAIC_REQUIRE_CORPUS=1")
        < ci_commands.index("make test")
        < ci_commands.index("make check")
    )
    assert steps.index(test) < next(index for index, run in enumerate(runs) if "saic-asn1 regenerate" in run)
    assert any("saic-asn1 regenerate" in run for run in runs)
    pull_request = next(step for step in steps if "create-pull-request" in step.get("uses", ""))
    assert pull_request["if"] == "steps.regenerate.outputs.changed == 'true'"


def test_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    result = subprocess.run([actionlint, "-shellcheck=", str(WORKFLOW)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def make_check_sample(folder: Path) -> subprocess.CompletedProcess:
    """`make check-sample` in the folder, with this test run's virtualenv (`-o install`: never reinstall it)."""
    command = ["make", "--no-print-directory", "-o", "install", "check-sample", f"BIN={Path(sys.executable).parent}"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)


def test_make_check_sample_passes_on_the_committed_sample_and_fails_when_a_schema_differs(tmp_path):
    for name in ("Makefile", "samples/ismart-sample.apk", "generated_schemas/sample"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (REPOSITORY / name).is_dir() else shutil.copyfile
        copy(REPOSITORY / name, tmp_path / name)
    passed = make_check_sample(tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "generated_schemas/sample is what samples/ismart-sample.apk gives" in passed.stdout

    edited = tmp_path / "generated_schemas" / "sample" / "v2_1" / "ApplicationData.asn1"
    edited.write_text(edited.read_text().replace("::=", "::= -- hand edit\n", 1))
    failed = make_check_sample(tmp_path)
    assert failed.returncode != 0
    assert "hand edit" in failed.stdout and "is what samples/ismart-sample.apk gives" not in failed.stdout
    # The message says what a golden difference means and asks for a behaviour test, not for a regeneration.
    assert "add the behaviour test that catches it" in failed.stderr and "make extract" not in failed.stderr

    edited.write_text(edited.read_text().replace("::= -- hand edit\n", "::=", 1))
    client = tmp_path / "generated_schemas" / "sample" / "python" / "ismart_sample" / "v2_1.py"
    client.write_text(client.read_text() + "# hand edit of the client\n")
    failed = make_check_sample(tmp_path)
    assert failed.returncode != 0 and "hand edit of the client" in failed.stdout


@pytest.fixture(scope="module")
def four_releases(tmp_path_factory):
    """1.0.0, 1.1.0 (adds a component), 1.2.0 (same schemas as 1.1.0), and a copy of 1.0.0's file."""
    first = apk(FIRST, "1.0.0", 100)
    copy = tmp_path_factory.mktemp("copy") / first.name
    shutil.copyfile(first, copy)
    return [first, apk(SECOND, "1.1.0", 110), apk(SECOND, "1.2.0", 120, filler=10), copy]


@pytest.fixture(scope="module")
def extract_once():
    """Each factory APK is extracted once for all orders; `regenerate` itself runs for every order."""
    return functools.cache(lambda path: extract([path]))


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def _feed(batches: list[list[Path]], extract_release) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        for batch in batches:
            regenerate_releases(batch, Path(folder), extract_release, allow_test_apks=True)
        return _tree(Path(folder))


def _check_expected_history(tree: dict[str, bytes]) -> None:
    """What the four releases must give, written down independently of any order."""
    folders = {name.split("/")[1] for name in tree if name.count("/") > 2}
    assert folders == {"1.0.0", "1.1.0"}
    document = json.loads(tree[f"{PACKAGE}/releases.json"])
    assert [
        (release["versionName"], release["stored"], release["summary"]["changes"]) for release in document["releases"]
    ] == [("1.0.0", True, 0), ("1.1.0", True, 1), ("1.2.0", False, 0)]
    changelog = tree[f"{PACKAGE}/CHANGELOG.md"].decode()
    headings = [line.split(" ")[1] for line in changelog.splitlines() if line.startswith("## ")]
    assert headings == ["1.2.0", "1.1.0", "1.0.0"]
    assert (
        "component added | `ApplicationData.asn1` `Status.heading`"
        in changelog.split("## 1.1.0")[1].split("## 1.0.0")[0]
    )


def test_every_order_one_release_per_call_gives_the_same_tree(four_releases, extract_once):
    # All 24 orders (12 distinct, the copy and its original swap), exhaustively: a sample could miss the
    # orders that demote a stored release, and each order costs only the diffs.
    trees = {
        order: _feed([[four_releases[i]] for i in order], extract_once) for order in itertools.permutations(range(4))
    }
    reference = trees[(0, 1, 2, 3)]
    _check_expected_history(reference)
    assert all(tree == reference for tree in trees.values())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)), cuts=st.sets(st.integers(min_value=1, max_value=3)))
def test_any_order_in_any_batches_gives_the_same_tree(four_releases, extract_once, order, cuts):
    """Releases arrive in batches (one `regenerate` call with several inputs), in any order."""
    bounds = [0, *sorted(cuts), 4]
    batches = [[four_releases[i] for i in order[start:end]] for start, end in itertools.pairwise(bounds)]
    tree = _feed(batches, extract_once)
    _check_expected_history(tree)
    assert tree == _feed([[release] for release in four_releases], extract_once)


def test_history_names_the_middle_release_that_added_a_component(four_releases, extract_once, tmp_path):
    into = tmp_path / "generated_schemas"
    for release in reversed(four_releases):
        regenerate_releases([release], into, extract_once, allow_test_apks=True)
    package_folder = str(into / PACKAGE)
    runner = CliRunner()
    component = runner.invoke(main, ["history", package_folder, "--path", "Status.heading", "--format", "json"])
    assert component.exit_code == 0, component.output
    document = json.loads(component.stdout)
    assert {version: release["versionName"] for version, release in document["since"].items()} == {"v2_1": "1.1.0"}
    assert [(event["versionName"], event["event"], event["change"]["kind"]) for event in document["events"]] == [
        ("1.1.0", "appeared", "component added")
    ]
    text = runner.invoke(main, ["history", package_folder, "--type", "Status", "--path", "heading"])
    assert text.stdout.splitlines()[0] == f"Status.heading in {PACKAGE}: since 1.1.0 (v2_1)"

    whole_type = runner.invoke(main, ["history", package_folder, "--type", "Status", "--format", "json"])
    events = json.loads(whole_type.stdout)["events"]
    assert [(event["versionName"], event["event"]) for event in events] == [("1.0.0", "appeared"), ("1.1.0", "changed")]

    timeline = runner.invoke(main, ["history", package_folder, "--format", "markdown"])
    assert (
        timeline.exit_code == 0
        and "| 1.2.0 | 120 |" in timeline.stdout
        and "| same as 1.1.0 | 0 | 0 | 0 |" in timeline.stdout
    )

    missing = runner.invoke(main, ["history", package_folder, "--path", "Status.altitude"])
    assert missing.exit_code == 1 and missing.stdout == "" and "Status.altitude is in no release" in missing.stderr
    no_index = runner.invoke(main, ["history", str(tmp_path)])
    assert no_index.exit_code == 3 and "has no releases.json" in no_index.stderr


def test_a_client_is_built_only_for_the_release_folders_written(tmp_path, monkeypatch):
    import extractor.release.regenerate as module

    built = []
    real = module.client_package

    def client_package(files, package, label):
        built.append(Path(label).name)
        return real(files, package, label)

    monkeypatch.setattr(module, "client_package", client_package)
    first, same_schemas = apk(FIRST, "1.0.0", 100), apk(FIRST, "1.0.1", 101, filler=10)
    into = tmp_path / "generated_schemas"
    result = regenerate_releases([same_schemas, first], into, allow_test_apks=True)
    assert result.changed
    # 1.0.1 has 1.0.0's schemas: it is not stored, so no client is built for it.
    assert built == [first.name]
    assert sorted(path.name for path in (into / PACKAGE).iterdir()) == ["1.0.0", "CHANGELOG.md", "releases.json"]
    assert (into / PACKAGE / "1.0.0" / "python" / "ismart_regen" / "__init__.py").is_file()
