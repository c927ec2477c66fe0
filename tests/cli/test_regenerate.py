"""`saic-asn1 regenerate` end to end, `make check`'s contract, and the CI workflow file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from extractor.cli import main
from tests.factory import FactoryOptions, ModuleSource, build_apk

REPOSITORY = Path(__file__).resolve().parents[2]
WORKFLOW = REPOSITORY / ".github" / "workflows" / "regenerate.yml"
CI_RUN = REPOSITORY / ".ci" / "run"
PACKAGE = "com.saicmotor.ismart.regen"
FIRST = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE { speed INTEGER(0..255), vin IA5String(SIZE(17)) }
END"""
SECOND = FIRST.replace("speed INTEGER(0..255)", "speed INTEGER(0..255), heading INTEGER(0..359) OPTIONAL")


def apk(text: str, version_name: str, version_code: int, filler: int = 0) -> Path:
    options = FactoryOptions(package=PACKAGE, version_name=version_name, version_code=version_code, filler_classes=filler)
    return build_apk([ModuleSource("v2_1", text)], options)


def regenerate(path: Path, into: Path):
    return CliRunner().invoke(main, ["regenerate", str(path), "--into", str(into)])


def test_first_run_creates_then_unchanged_then_a_changed_release(tmp_path):
    into = tmp_path / "generated_schemas"
    first = regenerate(apk(FIRST, "1.0.0", 100), into)
    assert first.exit_code == 1, first.output
    assert "First extraction" in first.stdout and (into / PACKAGE / "1.0.0" / "v2_1" / "ApplicationData.asn1").is_file()
    changelog = into / PACKAGE / "CHANGELOG.md"
    assert changelog.read_text().count("\n## ") == 1

    same_apk = regenerate(apk(FIRST, "1.0.0", 100), into)
    assert same_apk.exit_code == 0 and "unchanged: " in same_apk.stderr and same_apk.stdout == ""
    same_schemas = regenerate(apk(FIRST, "1.0.1", 101, filler=10), into)
    assert same_schemas.exit_code == 0 and "same schemas as 1.0.0" in same_schemas.stderr
    assert sorted(path.name for path in (into / PACKAGE).iterdir()) == ["1.0.0", "CHANGELOG.md"]

    changed = regenerate(apk(SECOND, "1.1.0", 110), into)
    assert changed.exit_code == 1, changed.output
    assert "component added" in changed.stdout and "| **breaking** |" in changed.stdout
    entries = changelog.read_text()
    assert entries.index("## 1.1.0 (versionCode 110") < entries.index("## 1.0.0 (versionCode 100")
    assert (into / PACKAGE / "1.1.0" / "index.json").is_file()


def test_an_apk_without_manifest_cannot_be_placed(tmp_path):
    bare = build_apk([ModuleSource("v2_1", FIRST)], FactoryOptions(manifest=False))
    result = regenerate(bare, tmp_path)
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
    assert ci_commands.index("export SAIC_REQUIRE_CORPUS=1") < ci_commands.index("make test") < ci_commands.index("make check")
    assert steps.index(test) < next(index for index, run in enumerate(runs) if "saic-asn1 regenerate" in run)
    assert any("saic-asn1 regenerate" in run for run in runs)
    pull_request = next(step for step in steps if "create-pull-request" in step.get("uses", ""))
    assert pull_request["if"] == "steps.regenerate.outputs.changed == 'true'"


def test_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    result = subprocess.run([actionlint, "-shellcheck=", str(WORKFLOW)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def make_check(folder: Path) -> subprocess.CompletedProcess:
    """`make check` in the folder, with this test run's virtualenv (`-o install`: never reinstall it)."""
    command = ["make", "--no-print-directory", "-o", "install", "check", f"BIN={Path(sys.executable).parent}"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)


def test_make_check_passes_on_the_committed_sample_and_fails_when_a_schema_differs(tmp_path):
    for name in ("Makefile", "samples/ismart-sample.apk", "generated_schemas/sample"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (REPOSITORY / name).is_dir() else shutil.copyfile
        copy(REPOSITORY / name, tmp_path / name)
    passed = make_check(tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "generated_schemas/sample is what samples/ismart-sample.apk gives" in passed.stdout

    edited = tmp_path / "generated_schemas" / "sample" / "v2_1" / "ApplicationData.asn1"
    edited.write_text(edited.read_text().replace("::=", "::= -- hand edit\n", 1))
    failed = make_check(tmp_path)
    assert failed.returncode != 0
    assert "hand edit" in failed.stdout and "is what samples/ismart-sample.apk gives" not in failed.stdout
