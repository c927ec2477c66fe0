"""What a newcomer hits first: help, pipes, long names, folders where files go, colour, JSON numbers."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from extractor.cli import main

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLE_APK = REPOSITORY / "samples" / "ismart-sample.apk"
SAMPLE_OUTPUT = REPOSITORY / "generated_schemas" / "sample"
COMMAND = [sys.executable, "-m", "extractor"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, cwd=REPOSITORY, check=False, **kwargs)


@pytest.mark.parametrize("command", [[], *[[name] for name in main.commands]])
def test_dash_h_is_help(command):
    result = invoke(*command, "-h")
    assert result.exit_code == 0 and result.output.startswith("Usage: ")
    assert result.output == invoke(*command, "--help").output


def test_every_option_and_the_group_have_help_texts():
    missing = [
        f"{name} {parameter.name}"
        for name, command in main.commands.items()
        for parameter in command.params
        if isinstance(parameter, click.Option) and not parameter.help
    ]
    assert missing == []


def test_shell_completion_is_documented_and_works():
    assert "_SAIC_ASN1_COMPLETE=bash_source" in invoke("--help").output
    environment = {
        **os.environ,
        "_SAIC_ASN1_COMPLETE": "bash_complete",
        "COMP_WORDS": "saic-asn1 dec",
        "COMP_CWORD": "1",
    }
    script = "from extractor.cli import main; main(prog_name='saic-asn1')"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=False
    )
    assert result.stdout.split() == ["plain,decode"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["inspect", str(SAMPLE_OUTPUT)],
        ["inspect", str(SAMPLE_APK)],
        ["diff", str(SAMPLE_OUTPUT), "--versions", "v1_1", "v2_1"],
    ],
)
def test_a_closed_pipe_ends_quietly(arguments):
    process = subprocess.Popen([*COMMAND, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPOSITORY)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # closed before the command writes anything: every write meets a broken pipe
    stderr = process.stderr.read()
    assert (process.wait(), stderr) == (141, b"")


def test_no_escape_codes_after_a_command_on_a_terminal():
    controller, terminal = pty.openpty()
    process = subprocess.Popen([*COMMAND, "inspect", str(SAMPLE_APK)], stdout=terminal, stderr=terminal, cwd=REPOSITORY)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait() == 0 and b"ASN.1 types" in output and b"\x1b[" not in output


@pytest.mark.slow  # diffs in a pseudo-terminal subprocess
def test_diff_color_forces_colour_into_a_pipe(tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(SAMPLE_OUTPUT, changed)
    module = changed / "v2_1" / "MP_DispatcherBody.asn1"
    module.write_text(module.read_text().replace("INTEGER(0..255)", "INTEGER(0..1023)", 1))
    coloured = run("diff", str(SAMPLE_OUTPUT), str(changed), "--color")
    plain = run("diff", str(SAMPLE_OUTPUT), str(changed))
    assert coloured.returncode == plain.returncode == 1
    assert "\x1b[" in coloured.stdout and "\x1b[" not in plain.stdout


LONG_NAME = "a" * 300


@pytest.mark.parametrize(
    ("arguments", "exit_code"),
    [
        (["extract", LONG_NAME + ".apk", "--out", "unused"], 3),
        (["inspect", LONG_NAME], 3),
        (["diff", LONG_NAME, str(SAMPLE_OUTPUT)], 2),
        (["regenerate", LONG_NAME + ".apk", "--into", "unused"], 3),
        (["decode", LONG_NAME + ".hex", "--schemas", str(SAMPLE_OUTPUT)], 8),
        (["validate", LONG_NAME + ".hex", "--schemas", str(SAMPLE_OUTPUT)], 3),
    ],
)
def test_a_file_name_too_long_is_a_one_line_error(arguments, exit_code, tmp_path):
    result = run(*[argument.replace("unused", str(tmp_path / "out")) for argument in arguments])
    assert result.returncode == exit_code, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("saic-asn1: error: ")


def test_validate_takes_hex_inline_as_decode_does():
    result = invoke("validate", "1" * 300, "--schemas", str(SAMPLE_OUTPUT))
    assert result.exit_code == 1 and "argument 1" in result.output and "0 passed, 1 failed" in result.output


def test_inspect_an_extraction_output_folder():
    result = invoke("inspect", str(SAMPLE_OUTPUT), "--json")
    report = json.loads(result.output)
    index = json.loads((SAMPLE_OUTPUT / "index.json").read_text())
    per_version = {
        version: sum(entry["version"] == version for entry in index["types"]) for version in index["versions"]
    }
    assert {version: summary["types"] for version, summary in report["versions"].items()} == per_version
    assert report["versionCode"] == 100 and report["package"] == "com.saicmotor.ismart.sample"


def test_the_counts_of_inspect_and_extract_are_explained(tmp_path):
    inspected = invoke("inspect", str(SAMPLE_APK)).output
    extracted = invoke("extract", str(SAMPLE_APK), "--out", str(tmp_path / "out")).output
    assert "v1_1        24 classes,    14 ASN.1 types" in inspected and "declared in it" in inspected
    assert "v1_1     15 types (1 from other version packages)" in extracted


def test_schemas_given_a_file_and_decode_given_a_folder(tmp_path):
    as_file = invoke("decode", "00", "--schemas", str(SAMPLE_APK))
    assert as_file.exit_code == 3 and "is a file; --schemas takes a folder" in as_file.output
    folder = invoke("decode", str(tmp_path), "--schemas", str(SAMPLE_OUTPUT))
    assert folder.exit_code == 3 and f"{tmp_path}: is a folder" in folder.output


def test_inspect_json_uses_numbers_for_numbers():
    report = json.loads(invoke("inspect", str(SAMPLE_APK), "--json").output)
    assert report["versionCode"] == 100
    counts = [summary[key] for summary in report["versions"].values() for key in ("classes", "types", "plain_classes")]
    assert counts and all(isinstance(count, int) for count in counts)


def test_schemas_that_do_not_fit_the_message_are_named_as_the_cause(corpus):
    # The sample's made-up dispatcher body is not the app's: the message says so, not just a length mismatch.
    result = invoke(
        "decode", str(corpus / "payloads" / "v1_1" / "521_513_request.hex"), "--schemas", str(SAMPLE_OUTPUT)
    )
    assert result.exit_code == 8 and "these schemas do not fit this message" in result.output
    validated = invoke("validate", str(corpus / "payloads" / "manifest.json"), "--schemas", str(SAMPLE_OUTPUT))
    assert validated.exit_code == 1 and "do not fit this message" in validated.output


@pytest.mark.slow  # diffs in a pseudo-terminal subprocess
def test_no_color_keeps_a_terminal_plain(tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(SAMPLE_OUTPUT, changed)
    module = changed / "v2_1" / "MP_DispatcherBody.asn1"
    module.write_text(module.read_text().replace("INTEGER(0..255)", "INTEGER(0..1023)", 1))
    on_terminal = CliRunner().invoke(main, ["diff", str(SAMPLE_OUTPUT), str(changed)], color=True)
    forced_off = CliRunner().invoke(main, ["diff", str(SAMPLE_OUTPUT), str(changed), "--no-color"], color=True)
    assert on_terminal.exit_code == forced_off.exit_code == 1
    assert "\x1b[" in on_terminal.output and "\x1b[" not in forced_off.output


def test_validate_without_the_catalog_identifies_every_corpus_payload_by_inference(corpus, extracted_schemas):
    result = invoke(
        "validate",
        str(corpus / "payloads" / "manifest.json"),
        "--schemas",
        str(extracted_schemas),
        "--no-catalog",
        "--json",
    )
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["failed"] == 0
    # 535_513: SetNotificationCountReq and the empty AbortSendMessageReq both fit its one byte.
    assert {row["choice"] for row in report["payloads"]} == {"inferred", "ambiguous", "none"}


def test_inspect_refuses_a_dex_over_max_dex_size():
    result = invoke("inspect", str(SAMPLE_APK), "--max-dex-size", "100")
    assert result.exit_code == 3 and result.output.count("\n") == 1 and "classes.dex" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"types": "none"}, "lacks input, versions or types"),
        ({"declared_modules": {"v1_1": [3]}}, "declared_modules is not"),
    ],
)
def test_inspect_of_a_damaged_output_folder_is_one_line_exit_3(tmp_path, change, message):
    shutil.copytree(SAMPLE_OUTPUT, tmp_path / "out", ignore=shutil.ignore_patterns("python"))
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    (tmp_path / "out" / "index.json").write_text(json.dumps({**index, **change}))
    result = invoke("inspect", str(tmp_path / "out"))
    assert result.exit_code == 3 and result.output.count("\n") == 1 and message in result.output


@pytest.mark.parametrize(("command", "what"), [("decode", "hex"), ("encode", "JSON")])
def test_reading_standard_input_from_a_terminal_says_so_in_one_line(command, what):
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*COMMAND, command, "--schemas", str(SAMPLE_OUTPUT)],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPOSITORY,
        text=True,
    )
    os.close(terminal)
    os.write(controller, b"\x04")  # Ctrl-D on an empty line: the end of the input
    _, errors = process.communicate(timeout=60)
    os.close(controller)
    assert errors.splitlines()[0] == f"saic-asn1: reading {what} from standard input; end it with Ctrl-D"


def test_standard_input_from_a_pipe_is_read_without_a_word():
    result = run("decode", "--schemas", str(SAMPLE_OUTPUT), input="00\n")
    assert result.returncode == 8 and "reading" not in result.stderr and len(result.stderr.splitlines()) == 1


README_TEXT = (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_the_readme_says_how_to_reach_saic_asn1_before_its_first_example():
    # `make extract` installs saic-asn1 into .venv/bin only; a newcomer's shell does not find it there.
    first_example = README_TEXT.index("$ saic-asn1 ")
    before = README_TEXT[:first_example]
    assert ". .venv/bin/activate" in before and ".venv/bin/saic-asn1" in before


def test_the_folders_readme_examples_write_are_ignored_by_git():
    written = re.findall(r"(?:--out|--into|--site|saic_save=|OUT=)[ =]?([a-z][\w.-]*)/?", README_TEXT)
    top_folders = {path.split("/")[0] for path in written} - {"generated_schemas"}
    ignored = set((REPOSITORY / ".gitignore").read_text().splitlines())
    assert {"build", "captures", "out", "site"} <= top_folders
    assert {folder for folder in top_folders if f"{folder}/" not in ignored} == set()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_extract_into_a_folder_given_with_a_slash_joins_paths_once(tmp_path):
    # -n prints the recipe without running it; -o install keeps make from touching the virtualenv.
    result = subprocess.run(
        ["make", "-n", "-o", "install", "extract", "OUT=out/"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--out out/python " in result.stdout and "//" not in result.stdout
