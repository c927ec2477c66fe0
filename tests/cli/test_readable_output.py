"""Nothing from an app, a payload or a path reaches a person raw: hostile strings through each CLI surface
(error line, inspect, extract's summary, decode's tree, the site), compared with hand-written escaped forms;
JSON keeps the exact values. And no human-readable output of the CLI bypasses the sanitiser."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from tests.factory import FactoryOptions, ModuleSource, build_apk

CLI = Path(__file__).resolve().parents[2] / "extractor" / "cli.py"
# Control characters, bidi controls and zero-width characters: none may reach a terminal or a page raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# (androguard's manifest reader turns ESC into "_": the ESC cases go through paths and payloads below)
HOSTILE_VERSION = "1.0\r\nsha256       forged\u202egnp.exe\u200b"
SHOWN_VERSION = "1.0\\r\\nsha256       forged\\u202egnp.exe\\u200b"
MODULE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE { speed INTEGER(0..255) }
END"""


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.fixture(scope="module")
def hostile_apk() -> Path:
    return build_apk([ModuleSource("v2_1", MODULE)], FactoryOptions(version_name=HOSTILE_VERSION))


def test_the_error_line_shows_a_hostile_path_escaped(tmp_path):
    result = run("inspect", str(tmp_path / "x\x1b]0;owned\x07\u202egnp.exe"))
    assert result.exit_code == 3
    assert result.stderr == f"saic-asn1: error: {tmp_path}/x\\x1b]0;owned\\x07\\u202egnp.exe: no such file or folder\n"


def test_inspect_and_extract_show_a_hostile_version_name_escaped_on_its_own_line(hostile_apk, tmp_path):
    inspected = run("inspect", str(hostile_apk))
    assert inspected.exit_code == 0, inspected.output
    assert f"\nversionName  {SHOWN_VERSION}\nversionCode  1\n" in inspected.stdout
    assert [line for line in inspected.stdout.splitlines() if line.startswith("sha256")] == [
        line for line in inspected.stdout.splitlines() if re.fullmatch(r"sha256 +[0-9a-f]{64}", line)
    ]
    assert not RAW.search(inspected.stdout)
    as_json = run("inspect", str(hostile_apk), "--format", "json")
    assert json.loads(as_json.stdout)["versionName"] == HOSTILE_VERSION

    out = tmp_path / "out"
    extracted = run("extract", str(hostile_apk), "--out", str(out))
    assert extracted.exit_code == 0, extracted.output
    assert f"(package com.saicmotor.ismart.test, versionName {SHOWN_VERSION}, versionCode 1)\n" in extracted.stdout
    assert not RAW.search(extracted.stdout)
    of_output = run("inspect", str(out))
    assert f"\nversionName  {SHOWN_VERSION}\n" in of_output.stdout

    for output_format, page in (("html", "index.html"), ("markdown", "index.md")):
        site = tmp_path / f"site-{output_format}"
        documented = run("docs", "--schemas", str(out), "--out", str(site), "--format", output_format)
        assert documented.exit_code == 0, documented.output
        text = (site / page).read_text(encoding="utf-8")
        assert "forged\\u202egnp.exe\\u200b" in text
        for written in site.rglob("*.*"):
            assert not RAW.search(written.read_text(encoding="utf-8")), written


def test_decode_tree_shows_a_hostile_uid_escaped_and_json_keeps_it(corpus, extracted_schemas):
    document = json.loads((corpus / "payloads" / "v2_1" / "511_25857_request.decoded.json").read_text())
    document["body"]["uid"] = "\x1b]0;owned\x07\r\x1b[2J".ljust(50, "X")  # IA5String (SIZE(50))
    encoded = run("encode", "--schemas", str(extracted_schemas), stdin=json.dumps(document))
    assert encoded.exit_code == 0, encoded.output
    tree = run("decode", encoded.stdout.strip(), "--schemas", str(extracted_schemas), "--format", "tree")
    assert tree.exit_code == 0, tree.output
    assert "\n  uid: \\x1b]0;owned\\x07\\r\\x1b[2J" + "X" * 35 + "\n" in tree.stdout
    assert not RAW.search(tree.stdout)
    decoded = run("decode", encoded.stdout.strip(), "--schemas", str(extracted_schemas))
    assert json.loads(decoded.stdout)["body"]["uid"] == "\x1b]0;owned\x07\r\x1b[2J".ljust(50, "X")


# What cli.py may hand click.echo without `say`: JSON, whose escapes keep values exact, and fixed text.
UNSANITISED_ALLOWED = {
    "report.to_json()",
    "json_text(message)",
    "json_report(changes, *labels)",
    "encode_message(json_document(text), Schemas(schema_folder))",
    "ADDON_SCRIPT",
    "readable_lines(text)",
    "text",  # `_report`'s JSON branch
    "'saic-asn1: interrupted'",
    "text_report(changes, readable(labels[0]), readable(labels[1]), click.style)",
}


def test_no_human_readable_output_of_the_cli_bypasses_the_sanitiser():
    unchecked = []
    for node in ast.walk(ast.parse(CLI.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "click.echo"):
            continue
        (shown,) = node.args
        if isinstance(shown, ast.JoinedStr):
            # An f-string: each value it formats is escaped, or the name of an exception class.
            values = [value.value for value in shown.values if isinstance(value, ast.FormattedValue)]
            if all(
                ast.unparse(value).startswith("readable(") or ast.unparse(value).endswith(".__name__")
                for value in values
            ):
                continue
        elif ast.unparse(shown) in UNSANITISED_ALLOWED or ast.unparse(shown).startswith("json.dumps("):
            continue
        unchecked.append(f"line {node.lineno}: click.echo({ast.unparse(shown)})")
    assert unchecked == []
