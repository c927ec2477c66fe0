"""Names and strings from the APK that reach generated Python: the package still imports, nothing is injected."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main

# Slow (left out of `make test-fast`): runs mypy --strict and ruff on a generated package.
pytestmark = pytest.mark.slow

MARKER = "PWNED"
EVIL = f'x"""\nimport os; os.system("touch {MARKER}")\n"""\\ \'\'\' \u00e9\u2028\t\x00'
BODY = f"""-- comment with \"\"\" and \\ and \u00e9
MPDispatcherBodyModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN

MPDispatcherBody ::= SEQUENCE
{{
  -- \"\"\"; import os; os.system('touch {MARKER}') #\\
  applicationID IA5String(SIZE(3)),
  messageID INTEGER(0..255),
  eventCreationTime INTEGER(0..2147483647),
  applicationDataLength INTEGER(0..65535) OPTIONAL,
  applicationDataProtocolVersion INTEGER(0..65535) OPTIONAL
}}

END
"""
# Python keywords, builtins and ruff's ambiguous names as type, component and item names; a DEFAULT
# string with backslashes, triple quotes and non-ASCII (asn1tools' parser takes no quote inside one).
APPLICATION_DATA = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN

None ::= SEQUENCE
{
  class INTEGER(0..7),
  def BOOLEAN DEFAULT TRUE,
  self UTF8String(SIZE(0..40)) DEFAULT "a\\\\b\\c'''\u00e9)x",
  l INTEGER(0..1),
  type Kind DEFAULT a-b,
  int INTEGER(0..3) OPTIONAL,
  fooBar INTEGER(0..3),
  foo-bar INTEGER(0..3),
  choice CHOICE { alternative INTEGER(0..3), match NULL },
  list SEQUENCE SIZE(0..2) OF I OPTIONAL
}

Kind ::= ENUMERATED { a-b(0), aB(1), none(2), true(3) }

I ::= INTEGER(0..9)

True ::= SEQUENCE OF None

END
"""


def hostile_output(folder: Path) -> Path:
    (folder / "v1_1").mkdir(parents=True)
    (folder / "v1_1" / "MP_DispatcherBody.asn1").write_text(BODY, encoding="utf-8")
    (folder / "v1_1" / "ApplicationData.asn1").write_text(APPLICATION_DATA, encoding="utf-8")
    types = [
        ("ApplicationData.asn1", "ApplicationDataModule", "None", "SEQUENCE"),
        ("ApplicationData.asn1", "ApplicationDataModule", "Kind", "ENUMERATED"),
        ("ApplicationData.asn1", "ApplicationDataModule", "I", "BOXED"),
        ("ApplicationData.asn1", "ApplicationDataModule", "True", "BOXED"),
        ("MP_DispatcherBody.asn1", "MPDispatcherBodyModule", "MPDispatcherBody", "SEQUENCE"),
    ]
    index = {
        "generator": "saic-asn1",
        "input": {"file": EVIL, "package": "com.x", "versionName": EVIL, "versionCode": 1},
        "versions": ["v1_1"],
        "types": [
            {
                "version": "v1_1",
                "module": module,
                "file": f"v1_1/{file}",
                "name": name,
                "java_class": EVIL + name,
                "kind": kind,
            }
            for file, module, name, kind in types
        ],
    }
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


def test_hostile_names_and_strings_give_a_package_that_imports_and_runs_nothing_injected(tmp_path):
    schemas = hostile_output(tmp_path / "schemas")
    result = CliRunner().invoke(
        main, ["generate", "python", "--schemas", str(schemas), "--out", str(tmp_path / "out"), "--package", "evil"]
    )
    assert result.exit_code == 0, result.output
    package = tmp_path / "out" / "evil"
    for module in (package / "__init__.py", package / "v1_1.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {
            node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
        }
        assert not names & {"os", "system", MARKER}, module
        assert all(
            isinstance(
                node, (ast.Expr, ast.ImportFrom, ast.Import, ast.ClassDef, ast.AnnAssign, ast.Assign, ast.FunctionDef)
            )
            for node in tree.body
        )
    script = (
        "import evil; from evil import v1_1;"
        "item = v1_1.None_(class_=3, l_=1, foo_bar=1, foo_bar_=2, choice=v1_1.None__choice(match_=evil.Null.NULL), list_=[1, 2]);"
        "assert item.self_ == 'a\\\\\\\\b\\\\c\\'\\'\\'\\u00e9)x' and item.type_ is v1_1.Kind.A_B and item.def_ is True;"
        "body = v1_1.MPDispatcherBody(application_id='501', message_id=1, event_creation_time=5);"
        "message = evil.Message(header=evil.Header(protocol_version=0x11), body=body, application_data=item);"
        "again = evil.decode(evil.encode(message)); assert again.application_data == item, again;"
        "print([member.value for member in v1_1.Kind])"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=package.parent, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['a-b', 'aB', 'none', 'true']"
    assert not list(tmp_path.rglob(MARKER)) and not (package.parent / MARKER).exists()
    checks = [
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", "evil"],
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "evil"],
    ]
    for command in checks:
        checked = subprocess.run(command, cwd=package.parent, capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr
