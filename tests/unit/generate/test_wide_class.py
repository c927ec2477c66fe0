"""A class of `WIDE_CLASS_FIELDS` fields or more writes its own `__init__` and `__repr__` (dataclasses' take
quadratic time to make): it behaves as the class of one field fewer, whose methods dataclasses make.

The expectations come from the schema written here: each component's keyword, default and wire value.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import subprocess
import sys
from pathlib import Path

import asn1tools
import pytest

from extractor.generate.pymodel import WIDE_CLASS_FIELDS
from tests.generated_client import generate_package, imported_package

PACKAGE = "wide_client"
WIDE = WIDE_CLASS_FIELDS
NARROW = WIDE_CLASS_FIELDS - 1
# Per position modulo 6: the component's ASN.1 text, its default (None: required or OPTIONAL) and whether
# it is OPTIONAL.
COMPONENTS = (
    ("INTEGER(0..255)", None, False),
    ("BOOLEAN DEFAULT TRUE", True, False),
    ("IA5String(SIZE(1..8)) OPTIONAL", None, True),
    ("Switch DEFAULT on", "ON", False),
    ("INTEGER(0..9) DEFAULT 7", 7, False),
    ("OCTET STRING(SIZE(1..4))", None, False),
)
BODY = """BodyModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
MPDispatcherBody ::= SEQUENCE { applicationID IA5String(SIZE(1..3)), messageID INTEGER(0..255),
  eventCreationTime INTEGER(0..2147483647), applicationDataLength INTEGER(0..65535) OPTIONAL,
  applicationDataProtocolVersion INTEGER(0..65535) OPTIONAL }
END
"""


def components(count: int) -> str:
    return ", ".join(f"field{position} {COMPONENTS[position % 6][0]}" for position in range(count))


def application_data() -> str:
    alternatives = ", ".join(f"choice{position} INTEGER(0..{position})" for position in range(WIDE))
    narrow_alternatives = ", ".join(f"choice{position} INTEGER(0..{position})" for position in range(NARROW))
    return (
        "ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n"
        "Switch ::= ENUMERATED { off(0), on(1) }\n"
        f"Narrow ::= SEQUENCE {{ {components(NARROW)} }}\n"
        f"Wide ::= SEQUENCE {{ {components(WIDE)} }}\n"
        f"NarrowChoice ::= CHOICE {{ {narrow_alternatives} }}\n"
        f"WideChoice ::= CHOICE {{ {alternatives} }}\n"
        "END\n"
    )


def write_schemas(folder: Path) -> Path:
    (folder / "v1_1").mkdir(parents=True)
    (folder / "v1_1" / "MP_DispatcherBody.asn1").write_text(BODY, encoding="utf-8")
    (folder / "v1_1" / "ApplicationData.asn1").write_text(application_data(), encoding="utf-8")
    types = [
        ("ApplicationData.asn1", "ApplicationDataModule", "Switch", "ENUMERATED"),
        ("ApplicationData.asn1", "ApplicationDataModule", "Narrow", "SEQUENCE"),
        ("ApplicationData.asn1", "ApplicationDataModule", "Wide", "SEQUENCE"),
        ("ApplicationData.asn1", "ApplicationDataModule", "NarrowChoice", "CHOICE"),
        ("ApplicationData.asn1", "ApplicationDataModule", "WideChoice", "CHOICE"),
        ("MP_DispatcherBody.asn1", "BodyModule", "MPDispatcherBody", "SEQUENCE"),
    ]
    index = {
        "generator": "saic-asn1",
        "input": {"file": "wide.apk", "package": "com.x", "versionName": "1", "versionCode": 1},
        "versions": ["v1_1"],
        "types": [
            {
                "version": "v1_1",
                "module": module,
                "file": f"v1_1/{file}",
                "name": name,
                "java_class": name,
                "kind": kind,
            }
            for file, module, name, kind in types
        ],
    }
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wide")
    return generate_package(write_schemas(folder / "schemas"), folder / "out", PACKAGE)


@pytest.fixture(scope="module")
def client(generated):
    with imported_package(generated, PACKAGE) as package:
        yield package


def values(module, count: int) -> dict[str, object]:
    """A value for every component, none of them its default, by keyword."""
    return {f"field{position}": typed for position, (typed, _) in enumerate(chosen(module, count))}


def wire(module, count: int) -> dict[str, object]:
    """The same values as asn1tools takes them, by ASN.1 name."""
    return {f"field{position}": raw for position, (_, raw) in enumerate(chosen(module, count))}


def chosen(module, count: int) -> list[tuple[object, object]]:
    """(typed value, asn1tools value) per position, following `COMPONENTS`."""
    kinds = (
        lambda p: (p % 256, p % 256),
        lambda p: (False, False),
        lambda p: (f"s{p}", f"s{p}"),
        lambda p: (module.Switch.OFF, "off"),
        lambda p: (p % 7, p % 7),
        lambda p: (bytes([p % 256]), bytes([p % 256])),
    )
    return [kinds[position % 6](position) for position in range(count)]


def test_from_the_threshold_on_the_class_writes_its_own_init_and_repr(generated):
    tree = ast.parse((generated / PACKAGE / "v1_1.py").read_text(encoding="utf-8"))
    methods = {
        node.name: {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    assert methods["Narrow"] == methods["NarrowChoice"] == set()
    assert methods["Wide"] == methods["WideChoice"] == {"__init__", "__repr__"}


@pytest.mark.parametrize(("name", "count"), [("Narrow", NARROW), ("Wide", WIDE)])
def test_the_constructor_takes_every_component_by_keyword_with_its_default(client, name, count):
    module = client.v1_1
    parameters = list(inspect.signature(getattr(module, name)).parameters.values())
    assert [parameter.name for parameter in parameters] == [f"field{position}" for position in range(count)]
    assert {parameter.kind for parameter in parameters} == {inspect.Parameter.KEYWORD_ONLY}
    defaults = {None: inspect.Parameter.empty, True: True, "ON": module.Switch.ON, 7: 7}
    for position, parameter in enumerate(parameters):
        _, default, optional = COMPONENTS[position % 6]
        assert parameter.default == (None if optional else defaults[default]), parameter.name
    annotations = ("int", "bool", "str | None", "Switch", "int", "bytes")
    assert [parameter.annotation for parameter in parameters] == [annotations[p % 6] for p in range(count)]


@pytest.mark.parametrize(("name", "count"), [("Narrow", NARROW), ("Wide", WIDE)])
def test_construction_defaults_equality_and_repr(client, name, count):
    module = client.v1_1
    cls = getattr(module, name)
    required = {f"field{p}": p % 256 if p % 6 == 0 else b"\x01" for p in range(count) if p % 6 in (0, 5)}
    value = cls(**required)
    expected_defaults = (None, True, None, module.Switch.ON, 7, None)
    for position in range(count):
        expected = required.get(f"field{position}", expected_defaults[position % 6])
        assert getattr(value, f"field{position}") == expected
    assert value == cls(**required) and value != cls(**{**required, "field0": 1})
    assert value != getattr(module, "Wide" if name == "Narrow" else "Narrow")(**required)
    assert cls.__hash__ is None
    for wrong in ({**required, "unknown": 1}, {key: item for key, item in required.items() if key != "field0"}):
        with pytest.raises(TypeError):
            cls(**wrong)
    with pytest.raises(TypeError):
        cls(0, **required)
    full = cls(**values(module, count))
    shown = ", ".join(f"field{position}={item!r}" for position, item in enumerate(values(module, count).values()))
    assert repr(full) == f"{name}({shown})"
    full.field0 = full
    assert repr(full).startswith(f"{name}(field0=..., field1=False,")
    assert dataclasses.replace(value, field0=9).field0 == 9 and dataclasses.replace(value, field0=9) != value
    assert [item.name for item in dataclasses.fields(cls)] == [f"field{position}" for position in range(count)]


@pytest.mark.parametrize(("name", "count"), [("Narrow", NARROW), ("Wide", WIDE)])
def test_a_value_round_trips_through_the_wire_and_json(client, generated, name, count):
    module = client.v1_1
    value = getattr(module, name)(**values(module, count))
    shape = module._SHAPES[name]
    assert shape.to_asn1(value, name) == wire(module, count)
    schema = asn1tools.compile_files(str(generated / PACKAGE / "schemas" / "v1_1" / "ApplicationData.asn1"), "uper")
    assert shape.from_asn1(schema.decode(name, schema.encode(name, wire(module, count)))) == value
    body = module.MPDispatcherBody(application_id="501", message_id=1, event_creation_time=5)
    message = client.Message(header=client.Header(protocol_version=0x11), body=body, application_data=value)
    text = client.encode(message)
    assert client.decode(text, expect=getattr(module, name)).application_data == value
    assert client.from_json(client.to_json(message)).application_data == value


@pytest.mark.parametrize(("name", "count"), [("NarrowChoice", NARROW), ("WideChoice", WIDE)])
def test_a_choice_sets_one_alternative(client, name, count):
    cls = getattr(client.v1_1, name)
    value = cls(**{f"choice{count - 1}": 3})
    assert value.alternative == f"choice{count - 1}" and value == cls(**{f"choice{count - 1}": 3})
    assert (
        repr(value) == f"{name}(" + ", ".join(f"choice{p}={3 if p == count - 1 else None}" for p in range(count)) + ")"
    )
    shape = client.v1_1._SHAPES[name]
    assert shape.from_asn1(shape.to_asn1(value, name)) == value and shape.to_asn1(value, name) == (
        f"choice{count - 1}",
        3,
    )


@pytest.mark.slow  # runs mypy --strict twice
def test_the_wide_class_keeps_its_static_types_and_the_package_is_mypy_strict_and_ruff_clean(generated):
    checks = [
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", PACKAGE],
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", PACKAGE],
    ]
    for command in checks:
        checked = subprocess.run(command, cwd=generated, capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stdout + checked.stderr

    # A user's mistakes: mypy names the keyword and the types for the wide class as for the narrow one.
    def call(name: str, count: int, **wrong: str) -> str:
        required = {f"field{p}": "1" if p % 6 == 0 else "b''" for p in range(count) if p % 6 in (0, 5)}
        return f"{name}(" + ", ".join(f"{key}={text}" for key, text in {**required, **wrong}.items()) + ")\n"

    (generated / "user.py").write_text(
        f"from {PACKAGE}.v1_1 import Narrow, Wide\n"
        + call("Narrow", NARROW, field0="'x'")
        + call("Wide", WIDE, field0="'x'", field3="True")
        + call("Wide", WIDE),
        encoding="utf-8",
    )
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", "user.py"],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line.split(": error: ", 1)[1] for line in mypy.stdout.splitlines() if ": error: " in line]
    assert errors == [
        'Argument "field0" to "Narrow" has incompatible type "str"; expected "int"  [arg-type]',
        'Argument "field0" to "Wide" has incompatible type "str"; expected "int"  [arg-type]',
        'Argument "field3" to "Wide" has incompatible type "bool"; expected "Switch"  [arg-type]',
    ], mypy.stdout
