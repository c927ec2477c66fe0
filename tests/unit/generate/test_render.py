"""The Python templates and their filters: every string from the APK lands escaped and reads back as itself."""

from __future__ import annotations

import ast

from extractor.generate.client_model import (
    ClientModel,
    ClientType,
    ClientVersion,
    Definition,
    Field,
    Kind,
    Primitive,
    TypeId,
)
from extractor.generate.pymodel import python_package
from extractor.generate.render import render_package
from extractor.model import AppMetadata, EnumItem

HOSTILE = 'a"""b\\c\u00e9\u2603\U0001f600\x00\n"'


def test_hostile_strings_from_the_apk_read_back_from_the_generated_module():
    definition = Definition("ApplicationData.asn1", HOSTILE, (f"T ::= -- {HOSTILE}",))
    record = ClientType(
        TypeId("T"), Kind.RECORD, "T", definition, fields=(Field("text", Primitive.CHARACTER_STRING, default=HOSTILE),)
    )
    colour = ClientType(TypeId("Colour"), Kind.ENUMERATION, "Colour", definition, items=(EnumItem("red", 0),))
    alias = ClientType(TypeId("Alias"), Kind.ALIAS, "Alias", definition, target=Primitive.INTEGER)
    version = ClientVersion("v1_1", (alias, colour, record), None, ())
    files = render_package(python_package(ClientModel(AppMetadata(HOSTILE, "00"), (version,)), "pkg", "out"))
    tree = ast.parse(files["v1_1.py"])
    assert f"file: {HOSTILE}" in docstring(tree)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    expected_doc = f"ASN.1 type T (v1_1/ApplicationData.asn1), Java class {HOSTILE}:\n\n    T ::= -- {HOSTILE}\n    "
    assert docstring(classes["T"]) == expected_doc
    [default] = [node.value for node in classes["T"].body if isinstance(node, ast.AnnAssign)]
    assert default is not None
    assert ast.literal_eval(default) == HOSTILE
    comments = [line for line in files["v1_1.py"].splitlines() if line.startswith("#:")]
    assert ast.literal_eval('"' + comments[0].removeprefix("#: ") + '"') == (
        f"ASN.1 type Alias (v1_1/ApplicationData.asn1), Java class {HOSTILE}:"
    )
    assert f"file: {HOSTILE}" in docstring(ast.parse(files["__init__.py"]))


def docstring(node: ast.Module | ast.ClassDef) -> str:
    text = ast.get_docstring(node, clean=False)
    assert text is not None, "no docstring"
    return text
