"""Every error the library raises ends, in the CLI group, as one line and the exit code the README documents."""

from __future__ import annotations

import ast
import errno
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from extractor import errors
from extractor.cli import main
from extractor.wire.runtime.errors import WireError

REPOSITORY = Path(__file__).resolve().parents[2]
# Worked out from the README's table by hand: the code, and words of its row that say why.
DOCUMENTED = {
    errors.InputError: (3, "input unreadable"),
    errors.NoTargetPackagesError: (4, "no classes under"),
    errors.SchemaError: (5, "cannot become valid ASN.1"),
    errors.ValidationError: (6, "does not compile with asn1tools"),
    errors.OutputError: (7, "cannot be written"),
    errors.PayloadError: (8, "cannot be decoded or encoded"),
    WireError: (8, "cannot be decoded or encoded"),
}
# Raised for another handler: click's usage errors, asn1tools' DecodeError and OutOfDataError inside its own
# decoder (the codec turns them into a WireError), mitmproxy's OptionsError (mitmproxy reports it); and bugs
# (exit 70: a worker process that died is one too).
NOT_USER_ERRORS = {
    "UsageError",
    "DecodeError",
    "OutOfDataError",
    "OptionsError",
    "NotImplementedError",
    "TypeError",
    "WorkerDiedError",
}


def readme_exit_codes() -> dict[int, str]:
    section = (REPOSITORY / "README.md").read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code): meaning for code, meaning in re.findall(r"^\| (\d+) \| (.*) \|$", section, flags=re.MULTILINE)}


def raised_error_names() -> set[str]:
    """The class name of every `raise Name(…)` in extractor/; `raise self.attribute(…)` counts as every class
    that attribute is set to (`invalid_module_error = ValidationError`)."""
    raised: set[str] = set()
    attributes: set[str] = set()
    assigned: dict[str, set[str]] = {}
    for path in (REPOSITORY / "extractor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                function = node.exc.func
                if isinstance(function, ast.Attribute):
                    attributes.add(function.attr)
                else:
                    raised.add(getattr(function, "id", "?"))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Name):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, set()).add(node.value.id)
    for attribute in attributes:
        raised |= assigned.get(attribute, {attribute})
    return raised


def run_raising(error: BaseException, command_name: str = "raiser"):
    """Run a command of the group that raises `error`, as `saic-asn1 <command_name>` would."""

    def raise_it() -> None:
        raise error

    real = main.commands.get(command_name)
    main.add_command(click.Command(command_name, callback=raise_it))
    try:
        return CliRunner().invoke(main, [command_name])
    finally:
        main.commands.pop(command_name)
        if real is not None:
            main.add_command(real)


def test_the_readme_documents_each_code_the_errors_map_to():
    table = readme_exit_codes()
    assert {0, 1, 2, 3, 4, 5, 6, 7, 8, 70, 130, 141} <= table.keys()
    for error_type, (code, words) in DOCUMENTED.items():
        assert words in table[code], (error_type.__name__, code)


def test_every_error_type_the_library_raises_has_a_documented_code():
    user_errors = {name for name in raised_error_names() if name not in NOT_USER_ERRORS}
    assert user_errors <= {error_type.__name__ for error_type in DOCUMENTED}, user_errors
    assert user_errors >= {"InputError", "SchemaError", "ValidationError", "OutputError", "PayloadError", "WireError"}


@pytest.mark.parametrize("error_type", list(DOCUMENTED), ids=lambda error_type: error_type.__name__)
def test_each_error_is_one_line_and_its_documented_code(error_type):
    result = run_raising(error_type("app.apk: what went wrong"))
    assert (result.exit_code, result.output) == (
        DOCUMENTED[error_type][0],
        "saic-asn1: error: app.apk: what went wrong\n",
    )


def test_a_missing_path_the_user_gave_is_bad_input():
    result = run_raising(FileNotFoundError(errno.ENOENT, "No such file or directory", "gone.apk"))
    assert (result.exit_code, result.output) == (3, "saic-asn1: error: gone.apk: No such file or directory\n")


def test_diff_exits_2_on_any_error_like_diff1():
    result = run_raising(errors.InputError("old: not an extraction"), command_name="diff")
    assert (result.exit_code, result.output) == (2, "saic-asn1: error: old: not an extraction\n")


@pytest.mark.parametrize(
    "error", [RuntimeError("boom"), KeyError("boom"), OSError(errno.EIO, "I/O error", "disk")], ids=type
)
def test_an_unexpected_exception_is_a_one_line_bug_report_and_exit_70(error):
    result = run_raising(error)
    assert result.exit_code == 70
    assert result.output.startswith(f"saic-asn1: internal error: {type(error).__name__}: ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_ctrl_c_is_one_line_and_exit_130():
    result = run_raising(KeyboardInterrupt())
    assert (result.exit_code, result.output) == (130, "saic-asn1: interrupted\n")


def test_a_usage_error_a_command_raises_is_one_line_and_exit_2():
    result = run_raising(click.UsageError("bad option"))
    assert (result.exit_code, result.output) == (2, "saic-asn1: error: bad option  (see main raiser --help)\n")


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (["decode", "00"], "Missing option '--schemas'.  (see saic-asn1 decode --help)"),
        (["decode", "00", "--schemas", "s", "--bogus"], "No such option '--bogus'.  (see saic-asn1 decode --help)"),
        (["nosuch"], "No such command 'nosuch'.  (see saic-asn1 --help)"),
        (["--bogus"], "No such option '--bogus'.  (see saic-asn1 --help)"),
        (["generate", "python"], "Missing option '--schemas'.  (see saic-asn1 generate python --help)"),
    ],
)
def test_usage_errors_are_one_line_naming_the_help_and_exit_2(arguments, line):
    result = CliRunner().invoke(main, arguments, prog_name="saic-asn1")
    assert (result.exit_code, result.output) == (2, f"saic-asn1: error: {line}\n")


@pytest.mark.parametrize("arguments", [[], ["generate"]])
def test_a_group_without_a_command_still_prints_its_help(arguments):
    result = CliRunner().invoke(main, arguments, prog_name="saic-asn1")
    assert result.output.startswith("Usage: saic-asn1 ") and "Commands:" in result.output
