"""Property: any bounded schema survives ASN.1 → factory APK → extract, structurally unchanged, and
pycrate and asn1c accept what comes out."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractor.schema.extract import extract
from tests.asn1_structure import spec_differences
from tests.factory import FactoryOptions, ModuleSource, build_apk
from tests.toolchains import rejections

IDENTIFIERS = st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}", fullmatch=True)
TYPE_NAMES = st.from_regex(r"T[A-Z][a-zA-Z0-9]{0,8}", fullmatch=True)
STRING_KINDS = ["IA5String", "UTF8String", "NumericString", "PrintableString", "VisibleString"]


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
    kind = draw(st.sampled_from(["INTEGER", "BOOLEAN", "OCTET STRING", "STRING", "NULL", "BIT STRING"]))
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
def component_type(draw, earlier: list[str], depth: int):
    options = ["primitive", "primitive", "sequence of"]
    if earlier:
        options += ["reference", "reference"]
    if depth < 2:
        options += ["inline sequence", "inline choice", "inline enum"]
    kind = draw(st.sampled_from(options))
    if kind == "primitive":
        return draw(primitive())
    if kind == "reference":
        return draw(st.sampled_from(earlier))
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


@st.composite
def constructed(draw, keyword: str, earlier: list[str], depth: int):
    names = draw(st.lists(IDENTIFIERS, min_size=1, max_size=5, unique=True))
    members = []
    for name in names:
        optional = keyword == "SEQUENCE" and draw(st.booleans())
        members.append(f"{name} {draw(component_type(earlier, depth))}{' OPTIONAL' if optional else ''}")
    return f"{keyword} {{ " + ", ".join(members) + " }"


@st.composite
def modules(draw):
    names = draw(st.lists(TYPE_NAMES, min_size=1, max_size=4, unique=True))
    assignments = []
    for index, name in enumerate(names):
        earlier = names[:index]
        kind = draw(st.sampled_from(["SEQUENCE", "SET", "CHOICE", "ENUMERATED", "boxed"]))
        if kind == "ENUMERATED":
            body = enumerated(draw)
        elif kind == "boxed":
            body = draw(component_type(earlier, 1))
        else:
            body = draw(constructed(kind, earlier, 0))
        assignments.append(f"{name} ::= {body}")
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
