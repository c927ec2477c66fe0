"""The bit bounds that let inference skip types: widths worked out by hand from X.691 (UPER), and, for every
type of the sample schemas, the encodings of the values random bits decode to lie within them."""

from __future__ import annotations

from pathlib import Path

import asn1tools
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.wire.runtime.bounds import BitBounds

MODULE = """
Bounds DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Flag ::= BOOLEAN
Small ::= INTEGER(0..7)
Offset ::= INTEGER(-5..5)
Colour ::= ENUMERATED { red, green, blue }
Pair ::= SEQUENCE { a Small, b BOOLEAN OPTIONAL }
Bytes ::= OCTET STRING (SIZE(2..5))
Fixed ::= BIT STRING (SIZE(12))
List ::= SEQUENCE (SIZE(1..3)) OF Small
Pick ::= CHOICE { x Small, y BOOLEAN }
Name ::= IA5String (SIZE(1..10))
Digits ::= NumericString (SIZE(6))
Text ::= UTF8String (SIZE(1..10))
Open ::= SEQUENCE { a Small, ... }
Count ::= INTEGER
Narrowed ::= SEQUENCE { s Small(1) }
Nothing ::= NULL
Raw ::= OCTET STRING
One ::= INTEGER(5)
Capped ::= INTEGER(MIN..5)
Widened ::= INTEGER(0..7, ...)
Mood ::= ENUMERATED { calm, angry, ... }
Void ::= OCTET STRING (SIZE(0))
Edge ::= OCTET STRING (SIZE(0..65535))
Big ::= OCTET STRING (SIZE(0..65536))
Huge ::= OCTET STRING (SIZE(65536))
Growing ::= OCTET STRING (SIZE(0..1, ...))
Counts ::= SEQUENCE (SIZE(2)) OF Count
Either ::= CHOICE { x Small, y Count }
Twice ::= SEQUENCE { a Small, ..., b BOOLEAN, ..., c Small }
Base ::= SEQUENCE { x Small }
Comp ::= SEQUENCE { COMPONENTS OF Base, y BOOLEAN }
TwoBytes ::= Bytes (SIZE(2))
Tree ::= SEQUENCE { kids SEQUENCE OF Tree }
END
"""
SAMPLE = Path(__file__).resolve().parents[3] / "generated_schemas" / "sample"


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("Flag", (1, 1)),
        ("Small", (3, 3)),
        # 11 values need 4 bits.
        ("Offset", (4, 4)),
        ("Colour", (2, 2)),
        # a presence bit, 3 bits, and maybe 1 more.
        ("Pair", (4, 5)),
        # a 2-bit length (4 sizes), then 2 to 5 octets.
        ("Bytes", (18, 42)),
        ("Fixed", (12, 12)),
        ("List", (5, 11)),
        # a 1-bit index, then 3 bits or 1.
        ("Pick", (2, 4)),
        # a 4-bit length, then up to 10 characters of at most 7 bits (fewer with a FROM constraint).
        ("Name", (4, 74)),
        ("Digits", (0, 24)),
        ("Text", (8, None)),
        # the extension bit, then 3 bits; additions may follow.
        ("Open", (4, None)),
        # a length octet and at least one content octet.
        ("Count", (16, None)),
        # Small(1) is one value: 0 bits, not Small's 3; a constrained reference is not guessed at.
        ("Narrowed", (0, None)),
        ("Nothing", (0, 0)),
        ("Raw", (8, None)),
        # one value: nothing to write.
        ("One", (0, 0)),
        # semi-constrained or extensible: not worked out, so the widest bound.
        ("Capped", (0, None)),
        ("Widened", (0, None)),
        # the extension bit, then the index or an addition.
        ("Mood", (1, None)),
        ("Void", (0, 0)),
        # X.691 11.9: below 64K the length is a bit field (16 bits for 0..65535); from 64K on it is a length
        # determinant of 8 or 16 bits whatever the bound, so 65536 is not worked out.
        ("Edge", (16, 16 + 8 * 65535)),
        ("Big", (0, None)),
        ("Huge", (0, None)),
        ("Growing", (0, None)),
        # two unbounded integers of at least 16 bits each.
        ("Counts", (32, None)),
        # a 1-bit index, then Small's 3 bits or at least Count's 16, unbounded.
        ("Either", (4, None)),
        # the root is a and c (b sits between the two markers): the extension bit, 3 + 3 bits, additions.
        ("Twice", (7, None)),
        # COMPONENTS OF is not worked out; nor a SIZE on a reference.
        ("Comp", (0, None)),
        ("TwoBytes", (0, None)),
        # a type within itself is unbounded there: the list is at least its length octet.
        ("Tree", (8, None)),
    ],
)
def test_bounds_by_hand(type_name, expected):
    [module] = asn1tools.parse_string(MODULE).values()
    assert BitBounds(module["types"]).of(type_name) == expected


def sample_modules() -> list[tuple[dict, object]]:
    texts = [MODULE] + [path.read_text() for path in sorted(SAMPLE.glob("v*/ApplicationData.asn1"))]
    return [
        (next(iter(asn1tools.parse_string(text).values()))["types"], asn1tools.compile_string(text, "uper"))
        for text in texts
    ]


MODULES = sample_modules()


@settings(max_examples=150, deadline=None)
@given(module=st.sampled_from(MODULES), data=st.data())
def test_every_encoding_lies_within_its_bounds(module, data):
    types, spec = module
    name = data.draw(st.sampled_from(sorted(types)))
    try:
        value = spec.decode(name, data.draw(st.binary(min_size=64, max_size=64)))
        # Random bits may decode to a value outside its constraints (asn1tools does not check): not an encoding.
        encoded = spec.encode(name, value, check_constraints=True)
    except Exception:  # noqa: BLE001 (random bits need not decode)
        return
    low, high = BitBounds(types).of(name)
    assert low <= 8 * len(encoded)
    assert high is None or high >= 8 * len(encoded) - 7
