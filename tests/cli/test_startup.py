"""The CLI starts at once: help and version load neither androguard, asn1tools nor jinja2; Ctrl-C is one line."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HEAVY = ("androguard", "asn1tools", "jinja2")
COMMANDS = ["extract", "inspect", "decode", "encode", "validate", "diff", "regenerate", "mitmproxy-addon", "docs"]


def imported_modules(*arguments: str) -> set[str]:
    script = (
        "import sys; from extractor.cli import main\n"
        "try:\n    main(args=sys.argv[1:], prog_name='saic-asn1')\n"
        "except SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True, check=True)
    return {line.split(".")[0] for line in result.stderr.splitlines()}


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], *[[command, "--help"] for command in COMMANDS]])
def test_help_and_version_import_no_heavy_library(arguments):
    assert not imported_modules(*arguments) & set(HEAVY)


def test_a_command_that_needs_them_still_loads_them():
    # The probe above would pass on a CLI that never imports anything; this shows it sees imports at all.
    assert "asn1tools" in imported_modules("diff", "/nonexistent", "/nonexistent")


def test_interrupt_while_starting_is_one_line_and_exit_130():
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import time, extractor; extractor.run.__globals__['sys'].argv = ['saic-asn1'];"
                "import builtins; real = builtins.__import__;"
                "builtins.__import__ = lambda *a, **k: (time.sleep(0.05), real(*a, **k))[1];"
                "extractor.run()"
            ),
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, "saic-asn1: interrupted\n")


SAMPLE = str(Path(__file__).resolve().parents[2] / "generated_schemas" / "sample")


@pytest.mark.parametrize("command", [["diff", SAMPLE, SAMPLE], ["docs", "--schemas", SAMPLE, "--out"]])
def test_commands_on_output_folders_do_not_load_androguard(command, tmp_path):
    # Only extracting an APK needs androguard; comparing or documenting extraction outputs does not.
    arguments = [*command, str(tmp_path / "site")] if command[-1] == "--out" else command
    loaded = imported_modules(*arguments)
    assert "asn1tools" in loaded and "androguard" not in loaded


def test_interrupt_during_a_command_is_one_line_and_exit_130(tmp_path):
    (tmp_path / "v1_1").mkdir()
    (tmp_path / "v1_1" / "ApplicationData.asn1").write_text("M DEFINITIONS ::= BEGIN A ::= INTEGER END\n")
    # decode without a payload waits for standard input: interrupted there, inside the command.
    process = subprocess.Popen(
        [sys.executable, "-m", "extractor", "decode", "--schemas", str(tmp_path)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    time.sleep(3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (130, "saic-asn1: interrupted\n")
