"""Property: any bounded schema survives ASN.1 → factory APK → extract, structurally unchanged, and
pycrate and asn1c accept what comes out.

The schemas use every kind the app has: DEFAULT values, REAL, OBJECT IDENTIFIER, BMPString, and
constrained references like `RvsPosition(1)`.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractor.schema.extract import extract
from tests.asn1_structure import spec_differences
from tests.factory import FactoryOptions, ModuleSource, build_apk
from tests.toolchains import rejections

# Slow (left out of `make test-fast`): builds an APK per random schema with the test-APK factory.
pytestmark = pytest.mark.slow

IDENTIFIERS = st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}", fullmatch=True)
TYPE_NAMES = st.from_regex(r"T[A-Z][a-zA-Z0-9]{0,8}", fullmatch=True)
STRING_KINDS = ["IA5String", "UTF8String", "NumericString", "PrintableString", "VisibleString", "BMPString"]
# String kinds a generated DEFAULT may use, with the characters of its value.
DEFAULT_ALPHABETS = {
    "IA5String": "az AZ09",
    "UTF8String": "az AZ09",
    "PrintableString": "az AZ09",
    "VisibleString": "az09",
    "NumericString": "0123 456789",
}


@st.composite
def bounds(draw, low=-(2**40), high=2**40):
    lower = draw(st.integers(low, high))
    return lower, draw(st.integers(lower, min(high, lower + 2**33)))


@st.composite
def size_constraint(draw):
    choice = draw(st.sampled_from(["none", "fixed", "range"]))
    if choice == "fixed":
        return f"(SIZE({draw(st.integers(1, 64))}))"
    if choice == "range":
        lower, upper = draw(bounds(0, 300))
        return f"(SIZE({lower}..{upper}))"
    return ""


@st.composite
def primitive(draw):
    kind = draw(
        st.sampled_from(
            ["INTEGER", "BOOLEAN", "OCTET STRING", "STRING", "NULL", "BIT STRING", "REAL", "OBJECT IDENTIFIER"]
        )
    )
    if kind == "INTEGER":
        form = draw(st.sampled_from(["none", "range", "single"]))
        if form == "range":
            lower, upper = draw(bounds())
            return f"INTEGER({lower}..{upper})"
        return f"INTEGER({draw(st.integers(-1000, 1000))})" if form == "single" else "INTEGER"
    if kind == "STRING":
        return draw(st.sampled_from(STRING_KINDS)) + draw(size_constraint())
    if kind in ("OCTET STRING", "BIT STRING"):
        return kind + draw(size_constraint())
    return kind


@st.composite
def component_type(draw, earlier: dict[str, str], depth: int):
    """`earlier`: the types defined before, name → definition."""
    options = ["primitive", "primitive", "sequence of"]
    if earlier:
        options += ["reference", "reference"]
    if depth < 2:
        options += ["inline sequence", "inline choice", "inline enum"]
    kind = draw(st.sampled_from(options))
    if kind == "primitive":
        return draw(primitive())
    if kind == "reference":
        name = draw(st.sampled_from(sorted(earlier)))
        # A value constraint on a reference: meaningless on the app's `RvsPosition(1)` (a SEQUENCE), where
        # it may vanish, and kept on an INTEGER type.
        constrainable = earlier[name].startswith(("SEQUENCE {", "SET {", "CHOICE", "ENUMERATED", "INTEGER"))
        constraint = draw(st.sampled_from(["", "", "single", "range"])) if constrainable else ""
        if constraint == "single":
            return f"{name}({draw(st.integers(0, 300))})"
        if constraint == "range":
            lower, upper = draw(bounds(0, 300))
            return f"{name}({lower}..{upper})"
        return name
    if kind == "sequence of":
        size = draw(st.sampled_from(["", " SIZE(1..16)", " SIZE(3)"]))
        keyword = draw(st.sampled_from(["SEQUENCE", "SET"]))
        return f"{keyword}{size} OF {draw(component_type(earlier, depth + 1))}"
    if kind == "inline enum":
        return enumerated(draw)
    return draw(constructed("SEQUENCE" if kind == "inline sequence" else "CHOICE", earlier, depth + 1))


def enumerated(draw) -> str:
    names = draw(st.lists(IDENTIFIERS, min_size=1, max_size=5, unique=True))
    numbers = draw(st.lists(st.integers(0, 200), min_size=len(names), max_size=len(names), unique=True))
    return "ENUMERATED { " + ", ".join(f"{name}({number})" for name, number in zip(names, numbers)) + " }"


def enumeration_items(body: str) -> tuple[str, ...]:
    return tuple(re.findall(r"(\w+)\(\d+\)", body)) if body.startswith("ENUMERATED") else ()


@st.composite
def constructed(draw, keyword: str, earlier: dict[str, str], depth: int):
    names = draw(st.lists(IDENTIFIERS, min_size=1, max_size=5, unique=True))
    members = []
    for name in names:
        type_text = draw(component_type(earlier, depth))
        presence = draw(st.sampled_from(["", " OPTIONAL", "default", "default"])) if keyword == "SEQUENCE" else ""
        if presence == "default":
            value = draw(default_value(type_text, earlier))
            presence = f" DEFAULT {value}" if value is not None else ""
        members.append(f"{name} {type_text}{presence}")
    return f"{keyword} {{ " + ", ".join(members) + " }"


@st.composite
def default_value(draw, type_text: str, earlier: dict[str, str]) -> str | None:
    """A DEFAULT value the type accepts, or None for a type this generator gives none."""
    if type_text == "BOOLEAN":
        return draw(st.sampled_from(["TRUE", "FALSE"]))
    integer = re.fullmatch(r"INTEGER(?:\((-?\d+)(?:\.\.(-?\d+))?\))?", type_text)
    if integer:
        lower, upper = integer.groups()
        if lower is None:
            return str(draw(st.integers(-1000, 1000)))
        return str(draw(st.integers(int(lower), int(upper if upper is not None else lower))))
    string = re.fullmatch(r"(\w+String)(?:\(SIZE\((\d+)(?:\.\.(\d+))?\)\))?", type_text)
    if string and string.group(1) in DEFAULT_ALPHABETS:
        length = int(string.group(2) or draw(st.integers(0, 6)))
        if length > 20:
            return None
        # asn1tools parses a string DEFAULT that is a number (spaces around it allowed) as an INTEGER.
        text = st.text(DEFAULT_ALPHABETS[string.group(1)], min_size=length, max_size=length).filter(
            lambda value: not value.strip().isdigit()
        )
        return '"' + draw(text) + '"'
    items = enumeration_items(earlier.get(type_text, type_text))
    return draw(st.sampled_from(items)) if items else None


@st.composite
def modules(draw):
    names = draw(st.lists(TYPE_NAMES, min_size=1, max_size=4, unique=True))
    assignments = []
    earlier: dict[str, str] = {}
    for name in names:
        kind = draw(st.sampled_from(["SEQUENCE", "SET", "CHOICE", "ENUMERATED", "boxed"]))
        if kind == "ENUMERATED":
            body = enumerated(draw)
        elif kind == "boxed":
            body = draw(component_type(earlier, 1))
        else:
            body = draw(constructed(kind, earlier, 0))
        assignments.append(f"{name} ::= {body}")
        earlier[name] = body
    return "ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n" + "\n".join(assignments) + "\nEND"


# Each example runs smali (a JVM start); shrinking is left out so a failure reports within seconds.
@settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=modules(), tags=st.booleans(), interfaces=st.booleans())
def test_random_schemas_round_trip_through_an_apk(text, tags, interfaces):
    specs = [ModuleSource("v3_0", text)]
    apk = build_apk(specs, FactoryOptions(tags=tags, annotation_interfaces=interfaces))
    files = extract([apk]).files
    assert spec_differences(specs, files) == []
    assert rejections(files) == []
