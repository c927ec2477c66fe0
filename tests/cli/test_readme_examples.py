"""Every console example of the README runs as printed and prints what the README shows.

An example is a ```console block: `$ command` lines, each followed by the output it shows. `…` in a
shown line stands for any text; a line that is only `…` for any number of lines. The commands run with
bash in a scratch copy laid out like a clone with `../shared/corpus` beside it, after `make
conformance` has written `build/corpus-schemas/` (the schemas the decode examples use).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.schema.output import write_folder
from tests.corpus import corpus_path
from tests.golden import ADVICE

# Slow (left out of `make test-fast`): runs the README's make targets and examples.
pytestmark = pytest.mark.slow

REPOSITORY = Path(__file__).resolve().parents[2]
README = REPOSITORY / "README.md"
# `make` targets run the command of their Makefile recipe (the test already runs inside the venv).
MAKE_TARGETS = {
    "make conformance": (
        "tests.conformance.check --out $(CORPUS_SCHEMAS)",
        "python -m tests.conformance.check --out build/corpus-schemas",
    ),
    "make corpus-capture": ("tests.flows $(CORPUS_CAPTURE)", "python -m tests.flows build/corpus-capture.flow"),
    "make test PYTEST_ARGS=tests/hostile/test_fuzz.py": (
        "-m pytest $(PYTEST_ARGS)",
        "python -m pytest -p no:cacheprovider tests/hostile/test_fuzz.py",
    ),
}
NOT_RUN = {
    "make bench": "takes minutes on an app-sized APK; tests/bench runs the same script on a tiny one",
    "make fuzz-app": "takes half an hour; the fuzz tests run the same mutations in process",
}


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of every ```console block, in README order."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            else:
                examples[-1][1].append(line)
    return examples


def shape(shown: list[str]) -> re.Pattern[str]:
    parts = []
    for line in shown:
        if line.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.rstrip().split("…")) + r"\n")
    return re.compile("".join(parts))


EXAMPLES = console_examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_and_the_parser_sees_them():
    commands = [command for command, _ in EXAMPLES]
    assert "saic-asn1 inspect samples/ismart-sample.apk" in commands and len(commands) >= 8


def test_the_shape_matcher_can_fail():
    assert shape(["a …", "…", "z"]).fullmatch("a b\nx\ny\nz\n")
    assert not shape(["a …", "z"]).fullmatch("a b\nx\nz\n")


@pytest.fixture(scope="module")
def clone(tmp_path_factory, conformance_extraction) -> Path:
    """A scratch checkout beside a `shared/corpus`, with build/corpus-schemas as `make conformance` leaves it."""
    root = tmp_path_factory.mktemp("readme")
    checkout = root / "main"
    shutil.copytree(
        REPOSITORY, checkout, ignore=shutil.ignore_patterns(".venv", ".cache", ".git", "build", ".hypothesis")
    )
    (root / "shared").mkdir()
    (root / "shared" / "corpus").symlink_to(corpus_path().resolve())
    write_folder(checkout / "build" / "corpus-schemas", conformance_extraction.files)
    return checkout


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command[:60] for command, _ in EXAMPLES])
def test_example(command, shown, clone, corpus):
    if command in NOT_RUN:
        pytest.skip(NOT_RUN[command])
    if command.startswith("make "):
        recipe, command = MAKE_TARGETS[command]
        assert recipe in (REPOSITORY / "Makefile").read_text(), f"the Makefile's recipe for `{command}` changed"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PYTHONPATH": str(clone),
    }
    environment.pop("SAIC_CORPUS", None)
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command + " 2>&1"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    printed = "".join(line.rstrip() + "\n" for line in result.stdout.splitlines())
    assert shape(shown).fullmatch(printed), (
        f"`{command}` printed what the README does not show:\n{printed}\nThe README shows:\n"
        + "\n".join(shown)
        + f"\n{ADVICE}"
    )
