"""Property: random values of random types of the committed sample package survive typed ↔ wire unchanged.

Values are drawn from asn1tools' parse of the schemas (their constraints), and asn1tools' own encoding of
the drawn value is the expectation the typed path must meet.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import asn1tools
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLE = Path(__file__).resolve().parents[3] / "generated_schemas" / "sample"
PACKAGE_FOLDER = SAMPLE / "python"
PACKAGE = "ismart_sample"
BOUND = 2**31
ALPHABETS = {
    "IA5String": st.characters(min_codepoint=0, max_codepoint=127),
    "VisibleString": st.characters(min_codepoint=32, max_codepoint=126),
    "PrintableString": st.sampled_from("ABCXYZabcxyz0189 '()+,-./:=?"),
    "NumericString": st.sampled_from("0123456789 "),
    "UTF8String": st.characters(exclude_categories=["Cs"]),
    "BMPString": st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]),
}
OBJECT_IDENTIFIERS = st.tuples(st.integers(0, 2), st.integers(0, 39), st.lists(st.integers(0, 2**20), max_size=4)).map(
    lambda arcs: ".".join(map(str, (arcs[0], arcs[1], *arcs[2])))
)
MODULES = [
    (path.parent.name, path.name, asn1tools.parse_string(path.read_text(encoding="utf-8")))
    for path in sorted(SAMPLE.glob("v*/*.asn1"))
]
TYPES = [
    (version, file_name, name)
    for version, file_name, parsed in MODULES
    for module in parsed.values()
    for name in module["types"]
]


@pytest.fixture(scope="module")
def package():
    sys.path.insert(0, str(PACKAGE_FOLDER))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(PACKAGE_FOLDER))


def _bounds(spec: dict, default: tuple[int, int]) -> tuple[int, int]:
    for key in ("restricted-to", "size"):
        for item in spec.get(key) or []:
            if isinstance(item, tuple):
                low, high = item
                return (low if isinstance(low, int) else default[0], high if isinstance(high, int) else default[1])
            if isinstance(item, int):
                return item, item
    return default


def asn1_values(types: dict, spec: dict, depth: int = 0) -> st.SearchStrategy:
    kind = spec["type"]
    if kind in types:
        return asn1_values(types, types[kind], depth)
    if kind == "INTEGER":
        return st.integers(*_bounds(spec, (-BOUND, BOUND)))
    if kind == "BOOLEAN":
        return st.booleans()
    if kind == "NULL":
        return st.none()
    if kind == "REAL":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "OBJECT IDENTIFIER":
        return OBJECT_IDENTIFIERS
    if kind in ("OCTET STRING", "ANY"):
        low, high = _bounds(spec, (0, 16))
        return st.binary(min_size=low, max_size=min(high, low + 16))
    if kind == "BIT STRING":
        low, high = _bounds(spec, (0, 24))
        return st.integers(low, min(high, low + 24)).flatmap(
            lambda bits: st.integers(0, 2**bits - 1).map(
                lambda number: ((number << (-bits % 8)).to_bytes((bits + 7) // 8, "big"), bits)
            )
        )
    if kind in ALPHABETS:
        low, high = _bounds(spec, (0, 12))
        return st.text(ALPHABETS[kind], min_size=low, max_size=min(high, low + 12))
    if kind == "ENUMERATED":
        return st.sampled_from([item[0] for item in spec["values"] if isinstance(item, tuple)])
    if kind in ("SEQUENCE", "SET"):
        members = [member for member in spec["members"] if isinstance(member, dict)]
        required = {
            m["name"]: asn1_values(types, m, depth + 1) for m in members if not (m.get("optional") or "default" in m)
        }
        # asn1tools cannot encode ANY in UPER, so optional ANY components stay absent.
        optional = {
            m["name"]: asn1_values(types, m, depth + 1)
            for m in members
            if (m.get("optional") or "default" in m) and m["type"] != "ANY"
        }
        return st.fixed_dictionaries(required, optional=optional if depth < 3 else {})
    if kind == "CHOICE":
        members = [member for member in spec["members"] if isinstance(member, dict)]
        return st.one_of([st.tuples(st.just(m["name"]), asn1_values(types, m, depth + 1)) for m in members])
    if kind in ("SEQUENCE OF", "SET OF"):
        low, high = _bounds(spec, (0, 3))
        return st.lists(asn1_values(types, spec["element"], depth + 1), min_size=low, max_size=min(high, low + 3))
    raise AssertionError(f"no strategy for {kind}")


@st.composite
def typed_case(draw):
    version, file_name, name = draw(st.sampled_from(TYPES))
    [parsed] = [parsed for v, f, parsed in MODULES if (v, f) == (version, file_name)]
    [types] = [module["types"] for module in parsed.values()]
    return version, file_name, name, draw(asn1_values(types, types[name]))


@pytest.mark.slow  # 150 random schemas, each generated, compiled and imported
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(case=typed_case())
def test_random_values_of_random_generated_types_round_trip(package, case):
    version, file_name, name, value = case
    spec = compiled(version, file_name)
    shape = getattr(package, version)._SHAPES[name]
    typed = shape.from_asn1(value)
    cls = getattr(getattr(package, version), name, None)
    if isinstance(cls, type):
        assert isinstance(typed, cls)
    expected = spec.encode(name, value)
    assert spec.encode(name, shape.to_asn1(typed, name), check_constraints=True) == expected
    assert shape.from_asn1(spec.decode(name, expected)) == typed


_COMPILED: dict[tuple[str, str], object] = {}


def compiled(version: str, file_name: str):
    key = (version, file_name)
    if key not in _COMPILED:
        _COMPILED[key] = asn1tools.compile_string((SAMPLE / version / file_name).read_text(encoding="utf-8"), "uper")
    return _COMPILED[key]
