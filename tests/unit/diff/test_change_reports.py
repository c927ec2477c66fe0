"""Every line of the diff report for one kind of change at a time: where, what, old → new, the wire verdict and
its reason, the API verdict and its reason. Verdicts worked out from UPER (X.691, no extension markers): a
SEQUENCE sends one presence bit per OPTIONAL/DEFAULT component, then its components in order; a constrained
INTEGER is `value - lower` in ceil(log2(upper - lower + 1)) bits (0..7: 3 bits, 0..15: 4); a SIZE below 64K is
a `length - lower` field as wide, a fixed one none; an ENUMERATED sends the item's index by value. API verdicts
from the generated client: a class per type, keyword-only dataclass attributes, `X | None` for OPTIONAL."""

from __future__ import annotations

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, diff_snapshots
from extractor.schema.stored import load_files

API_REMOVED = (BREAKING, "code that reads or sets the attribute fails")
CONSTRAINT_API = (COMPATIBLE, "the Python type stays; encode checks the new range")


def snapshot(label: str, body: str):
    return load_files(label, {"v1_1/M.asn1": f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{body}\nEND\n"})


def report(old: str, new: str) -> list[tuple]:
    return [
        (
            change.version,
            change.module,
            change.type_name,
            change.path,
            change.kind,
            change.old,
            change.new,
            change.verdict,
            change.reason,
            change.api_verdict,
            change.api_reason,
        )
        for change in diff_snapshots(snapshot("old", old), snapshot("new", new))
    ]


def line(type_name: str, path: str, kind: str, old, new, verdict: str, reason: str, api: tuple[str, str]) -> tuple:
    return ("v1_1", "M.asn1", type_name, path, kind, old, new, verdict, reason, *api)


CASES = {
    "a component removed with its presence bit": (
        "T ::= SEQUENCE { a BOOLEAN, b INTEGER(0..7) OPTIONAL }",
        "T ::= SEQUENCE { a BOOLEAN }",
        [
            line(
                "T",
                "b",
                "component removed",
                "INTEGER(0..7) OPTIONAL",
                None,
                BREAKING,
                "no extension marker: every encoding loses the component and its presence bit",
                API_REMOVED,
            )
        ],
    ),
    "a mandatory component removed": (
        "T ::= SEQUENCE { a BOOLEAN, b NULL }",
        "T ::= SEQUENCE { a BOOLEAN }",
        [
            line(
                "T",
                "b",
                "component removed",
                "NULL",
                None,
                BREAKING,
                "no extension marker: every encoding loses the component",
                API_REMOVED,
            )
        ],
    ),
    "a mandatory component added": (
        "T ::= SEQUENCE { a BOOLEAN }",
        "T ::= SEQUENCE { a BOOLEAN, b NULL }",
        [
            line(
                "T",
                "b",
                "component added",
                None,
                "NULL",
                BREAKING,
                "no extension marker: every encoding gains the component",
                (BREAKING, "constructors must pass the new attribute"),
            )
        ],
    ),
    "a component with a DEFAULT added": (
        "T ::= SEQUENCE { a BOOLEAN }",
        "T ::= SEQUENCE { a BOOLEAN, b INTEGER(0..7) DEFAULT 3 }",
        [
            line(
                "T",
                "b",
                "component added",
                None,
                "INTEGER(0..7) DEFAULT 3",
                BREAKING,
                "no extension marker: every encoding gains the component and its presence bit",
                (COMPATIBLE, "a new attribute with a default"),
            )
        ],
    ),
    "two components swapped": (
        "T ::= SEQUENCE { a BOOLEAN, b NULL, c BOOLEAN }",
        "T ::= SEQUENCE { b NULL, a BOOLEAN, c BOOLEAN }",
        [
            line(
                "T",
                "",
                "component reordered",
                "a, b, c",
                "b, a, c",
                BREAKING,
                "UPER encodes components in declaration order",
                (COMPATIBLE, "the dataclasses take keyword arguments only"),
            )
        ],
    ),
    "a component made OPTIONAL": (
        "T ::= SEQUENCE { a BOOLEAN }",
        "T ::= SEQUENCE { a BOOLEAN OPTIONAL }",
        [
            line(
                "T",
                "a",
                "optional toggled",
                "mandatory",
                "OPTIONAL",
                BREAKING,
                "adds or removes a presence bit in the SEQUENCE preamble",
                (BREAKING, "the attribute gains or loses `| None`, and the argument becomes required or optional"),
            )
        ],
    ),
    "a DEFAULT value changed": (
        "T ::= SEQUENCE { a INTEGER(0..7) DEFAULT 1 }",
        "T ::= SEQUENCE { a INTEGER(0..7) DEFAULT 2 }",
        [
            line(
                "T",
                "a",
                "default changed",
                "1",
                "2",
                BREAKING,
                "a value equal to a DEFAULT is not sent, so each side fills in a different one",
                (COMPATIBLE, "the attribute keeps its type; only its default value changes"),
            )
        ],
    ),
    "a DEFAULT turned OPTIONAL": (
        "T ::= SEQUENCE { a INTEGER(0..7) DEFAULT 1 }",
        "T ::= SEQUENCE { a INTEGER(0..7) OPTIONAL }",
        [
            line(
                "T",
                "a",
                "default changed",
                "1",
                None,
                COMPATIBLE,
                "DEFAULT and OPTIONAL share the presence bit; only the meaning of an absent value changes",
                (BREAKING, "an OPTIONAL attribute is `X | None`, one with a DEFAULT is `X`"),
            )
        ],
    ),
    "a type removed and another added": (
        "T ::= BOOLEAN\nU ::= NULL",
        "T ::= BOOLEAN\nV ::= NULL",
        [
            line(
                "U",
                "",
                "type removed",
                "NULL",
                None,
                COMPATIBLE,
                "no remaining type's encoding changes; new peers no longer understand it",
                (BREAKING, "code that uses its class fails"),
            ),
            line(
                "V",
                "",
                "type added",
                None,
                "NULL",
                COMPATIBLE,
                "a new type changes no existing encoding; old peers do not know it",
                (COMPATIBLE, "a new class"),
            ),
        ],
    ),
    "a type retyped": (
        "T ::= INTEGER(0..7)",
        "T ::= BOOLEAN",
        [
            line(
                "T",
                "",
                "type changed",
                "INTEGER(0..7)",
                "BOOLEAN",
                BREAKING,
                "an INTEGER and a BOOLEAN encode differently",
                (BREAKING, "the Python type changes from int to bool"),
            )
        ],
    ),
    "a component's INTEGER moved to a named type of another width": (
        "T ::= SEQUENCE { a INTEGER(0..7) }",
        "C ::= INTEGER(0..15)\nT ::= SEQUENCE { a C }",
        [
            line(
                "C",
                "",
                "type added",
                None,
                "INTEGER(0..15)",
                COMPATIBLE,
                "a new type changes no existing encoding; old peers do not know it",
                (COMPATIBLE, "a new class"),
            ),
            line(
                "T",
                "a",
                "component type changed",
                "INTEGER(0..7)",
                "C",
                BREAKING,
                "width 3 → 4 bits",
                (BREAKING, "the Python type changes from int to C"),
            ),
        ],
    ),
    "a component's INTEGER moved to a named type of the same range": (
        "C ::= INTEGER(0..7)\nT ::= SEQUENCE { a INTEGER(0..7) }",
        "C ::= INTEGER(0..7)\nT ::= SEQUENCE { a C }",
        [
            line(
                "T",
                "a",
                "component type changed",
                "INTEGER(0..7)",
                "C",
                COMPATIBLE,
                "both encode the same way in UPER",
                (BREAKING, "the Python type changes from int to C"),
            ),
        ],
    ),
    "an INTEGER's lower bound moved": (
        "T ::= INTEGER(0..7)",
        "T ::= INTEGER(1..8)",
        [
            line(
                "T",
                "",
                "constraint changed",
                "(0..7)",
                "(1..8)",
                BREAKING,
                "lower bound 0 → 1 shifts every encoded value",
                CONSTRAINT_API,
            )
        ],
    ),
    "an INTEGER narrowed within its width": (
        "T ::= INTEGER(0..7)",
        "T ::= INTEGER(0..5)",
        [
            line(
                "T",
                "",
                "constraint changed",
                "(0..7)",
                "(0..5)",
                COMPATIBLE,
                "keeps the lower bound 0 and the 3-bit width; values outside the narrower range are rejected",
                CONSTRAINT_API,
            )
        ],
    ),
    "an INTEGER constrained": (
        "T ::= INTEGER",
        "T ::= INTEGER(0..7)",
        [
            line(
                "T",
                "",
                "constraint changed",
                "none",
                "(0..7)",
                BREAKING,
                "a constrained INTEGER is a fixed-width offset, an unconstrained one a length-prefixed number",
                CONSTRAINT_API,
            )
        ],
    ),
    "a string's SIZE widened past a power of two": (
        "T ::= IA5String(SIZE(1..20))",
        "T ::= IA5String(SIZE(1..40))",
        [
            line(
                "T",
                "",
                "constraint changed",
                "SIZE(1..20)",
                "SIZE(1..40)",
                BREAKING,
                "length encoding 5-bit field from 1 → 6-bit field from 1",
                CONSTRAINT_API,
            )
        ],
    ),
    "a list's SIZE widened within its field": (
        "T ::= SEQUENCE SIZE(1..4) OF BOOLEAN",
        "T ::= SEQUENCE SIZE(1..3) OF BOOLEAN",
        [
            line(
                "T",
                "",
                "constraint changed",
                "SIZE(1..4)",
                "SIZE(1..3)",
                COMPATIBLE,
                "the length is encoded the same way; lengths outside the narrower range are rejected",
                CONSTRAINT_API,
            )
        ],
    ),
    "a list's elements widened": (
        "T ::= SEQUENCE OF INTEGER(0..7)",
        "T ::= SEQUENCE OF INTEGER(0..15)",
        [line("T", "[]", "constraint changed", "(0..7)", "(0..15)", BREAKING, "width 3 → 4 bits", CONSTRAINT_API)],
    ),
    "a nested component widened": (
        "T ::= SEQUENCE { s SEQUENCE { x INTEGER(0..7) } }",
        "T ::= SEQUENCE { s SEQUENCE { x INTEGER(0..15) } }",
        [line("T", "s.x", "constraint changed", "(0..7)", "(0..15)", BREAKING, "width 3 → 4 bits", CONSTRAINT_API)],
    ),
    "an INTEGER's constraint dropped": (
        "T ::= INTEGER(0..7)",
        "T ::= INTEGER",
        [
            line(
                "T",
                "",
                "constraint changed",
                "(0..7)",
                "none",
                BREAKING,
                "a constrained INTEGER is a fixed-width offset, an unconstrained one a length-prefixed number",
                CONSTRAINT_API,
            )
        ],
    ),
    "a list inside a SEQUENCE, its elements widened": (
        "T ::= SEQUENCE { l SEQUENCE OF INTEGER(0..7) }",
        "T ::= SEQUENCE { l SEQUENCE OF INTEGER(0..15) }",
        [line("T", "l[]", "constraint changed", "(0..7)", "(0..15)", BREAKING, "width 3 → 4 bits", CONSTRAINT_API)],
    ),
    "a list without a SIZE removed": (
        "T ::= SEQUENCE { a BOOLEAN, l SEQUENCE OF BOOLEAN }",
        "T ::= SEQUENCE { a BOOLEAN }",
        [
            line(
                "T",
                "l",
                "component removed",
                "SEQUENCE OF BOOLEAN",
                None,
                BREAKING,
                "no extension marker: every encoding loses the component",
                API_REMOVED,
            )
        ],
    ),
    # The SIZE of a UTF8String is not PER-visible (X.691 30.3): a length determinant and octets either way.
    "the SIZE on a reference to a UTF8String widened, beside an unchanged reference": (
        "S ::= UTF8String\nC ::= INTEGER(0..7)\nT ::= SEQUENCE { name S(SIZE(1..20)), c C }",
        "S ::= UTF8String\nC ::= INTEGER(0..7)\nT ::= SEQUENCE { name S(SIZE(1..40)), c C }",
        [
            line(
                "T",
                "name",
                "constraint changed",
                "SIZE(1..20)",
                "SIZE(1..40)",
                COMPATIBLE,
                "SIZE is not PER-visible for UTF8String: a length determinant and octets either way;"
                " lengths outside the narrower range are rejected",
                CONSTRAINT_API,
            )
        ],
    ),
    "the range on a reference to an INTEGER moved": (
        "C ::= INTEGER(0..255)\nT ::= SEQUENCE { c C(0..7) }",
        "C ::= INTEGER(0..255)\nT ::= SEQUENCE { c C(1..8) }",
        [
            line(
                "T",
                "c",
                "constraint changed",
                "(0..7)",
                "(1..8)",
                BREAKING,
                "lower bound 0 → 1 shifts every encoded value",
                CONSTRAINT_API,
            )
        ],
    ),
    # b → d keeps its position and its wire form (NULL, no presence bit): a rename, not a removal and an addition.
    "components of a nested SEQUENCE renamed, removed, added and made OPTIONAL": (
        "T ::= SEQUENCE { s SEQUENCE { a BOOLEAN, b NULL, c BOOLEAN } }",
        "T ::= SEQUENCE { s SEQUENCE { a BOOLEAN OPTIONAL, d NULL, e INTEGER(0..7) } }",
        [
            line(
                "T",
                "s.d",
                "component renamed",
                "b",
                "d",
                COMPATIBLE,
                "names are not on the wire",
                (BREAKING, "the Python attribute b becomes d"),
            ),
            line(
                "T",
                "s.c",
                "component removed",
                "BOOLEAN",
                None,
                BREAKING,
                "no extension marker: every encoding loses the component",
                API_REMOVED,
            ),
            line(
                "T",
                "s.e",
                "component added",
                None,
                "INTEGER(0..7)",
                BREAKING,
                "no extension marker: every encoding gains the component",
                (BREAKING, "constructors must pass the new attribute"),
            ),
            line(
                "T",
                "s.a",
                "optional toggled",
                "mandatory",
                "OPTIONAL",
                BREAKING,
                "adds or removes a presence bit in the SEQUENCE preamble",
                (BREAKING, "the attribute gains or loses `| None`, and the argument becomes required or optional"),
            ),
        ],
    ),
    # A SEQUENCE has no PER-visible constraint (X.691 8.5): its encoding stays whatever the constraint says.
    "a constraint on a reference to a SEQUENCE dropped": (
        "S ::= SEQUENCE { a BOOLEAN }\nT ::= SEQUENCE { s S(1..2) }",
        "S ::= SEQUENCE { a BOOLEAN }\nT ::= SEQUENCE { s S }",
        [
            line(
                "T",
                "s",
                "constraint changed",
                "(1..2)",
                "none",
                COMPATIBLE,
                "a constraint on a SEQUENCE does not change its encoding",
                CONSTRAINT_API,
            )
        ],
    ),
    # 4 items stay 2 bits; b(1) → b(2) leaves c(2) → c(1): both change their index by value.
    "items of an enumeration inside a SEQUENCE removed, added and renumbered": (
        "T ::= SEQUENCE { e ENUMERATED { a(0), b(1), c(2), d(3) } }",
        "T ::= SEQUENCE { e ENUMERATED { a(0), c(1), b(2), x(3) } }",
        [
            line(
                "T",
                "e.d",
                "enum item removed",
                "d(3)",
                None,
                BREAKING,
                "items change their index (by value)",
                (BREAKING, "code that names the member fails"),
            ),
            line(
                "T",
                "e.c",
                "enum item renumbered",
                "c(2)",
                "c(1)",
                BREAKING,
                "items change their index (by value)",
                (COMPATIBLE, "members are named, not numbered"),
            ),
            line(
                "T",
                "e.b",
                "enum item renumbered",
                "b(1)",
                "b(2)",
                BREAKING,
                "items change their index (by value)",
                (COMPATIBLE, "members are named, not numbered"),
            ),
            line(
                "T",
                "e.x",
                "enum item added",
                None,
                "x(3)",
                BREAKING,
                "items change their index (by value)",
                (COMPATIBLE, "a new member"),
            ),
        ],
    ),
    "alternatives of a CHOICE inside a SEQUENCE removed and widened": (
        "T ::= SEQUENCE { c CHOICE { a INTEGER(0..7), b NULL, n NULL } }",
        "T ::= SEQUENCE { c CHOICE { a INTEGER(0..15), b NULL } }",
        [
            line(
                "T",
                "c.n",
                "choice alternative removed",
                "n",
                None,
                BREAKING,
                "the index (by position) grows or shrinks from 2 to 1 bits",
                (BREAKING, "code that reads or sets the alternative fails"),
            ),
            line("T", "c.a", "constraint changed", "(0..7)", "(0..15)", BREAKING, "width 3 → 4 bits", CONSTRAINT_API),
        ],
    ),
    "an enumeration's fourth item added": (
        "T ::= ENUMERATED { a(0), b(1), c(2) }",
        "T ::= ENUMERATED { a(0), b(1), c(2), d(3) }",
        [
            line(
                "T",
                "d",
                "enum item added",
                None,
                "d(3)",
                COMPATIBLE,
                "every common item keeps its index (by value) and the index stays 2 bits;"
                " a peer rejects only an item it does not know",
                (COMPATIBLE, "a new member"),
            )
        ],
    ),
    "an enumeration's third item added": (
        "T ::= ENUMERATED { a(0), b(1) }",
        "T ::= ENUMERATED { a(0), b(1), c(2) }",
        [
            line(
                "T",
                "c",
                "enum item added",
                None,
                "c(2)",
                BREAKING,
                "the index (by value) grows or shrinks from 1 to 2 bits",
                (COMPATIBLE, "a new member"),
            )
        ],
    ),
    "an enumeration's items renumbered": (
        "T ::= ENUMERATED { a(0), b(1) }",
        "T ::= ENUMERATED { a(1), b(0) }",
        [
            # In the new order by value: b(0) first.
            line(
                "T",
                "b",
                "enum item renumbered",
                "b(1)",
                "b(0)",
                BREAKING,
                "items change their index (by value)",
                (COMPATIBLE, "members are named, not numbered"),
            ),
            line(
                "T",
                "a",
                "enum item renumbered",
                "a(0)",
                "a(1)",
                BREAKING,
                "items change their index (by value)",
                (COMPATIBLE, "members are named, not numbered"),
            ),
        ],
    ),
    "an enumeration's item removed": (
        "T ::= ENUMERATED { a(0), b(1), c(2), d(3) }",
        "T ::= ENUMERATED { a(0), b(1), c(2) }",
        [
            line(
                "T",
                "d",
                "enum item removed",
                "d(3)",
                None,
                COMPATIBLE,
                "every common item keeps its index (by value) and the index stays 2 bits;"
                " a peer rejects only an item it does not know",
                (BREAKING, "code that names the member fails"),
            )
        ],
    ),
    "a choice's alternatives swapped": (
        "T ::= CHOICE { a NULL, b BOOLEAN }",
        "T ::= CHOICE { b BOOLEAN, a NULL }",
        [
            line(
                "T",
                "",
                "choice alternatives reordered",
                "a, b",
                "b, a",
                BREAKING,
                "the CHOICE index follows the alternatives' order",
                (COMPATIBLE, "alternatives are attributes, found by name"),
            )
        ],
    ),
    "a choice's third alternative added": (
        "T ::= CHOICE { a NULL, b BOOLEAN }",
        "T ::= CHOICE { a NULL, b BOOLEAN, c NULL }",
        [
            line(
                "T",
                "c",
                "choice alternative added",
                None,
                "c",
                BREAKING,
                "the index (by position) grows or shrinks from 1 to 2 bits",
                (COMPATIBLE, "a new attribute that defaults to None"),
            )
        ],
    ),
    "a choice's fourth alternative removed": (
        "T ::= CHOICE { a NULL, b BOOLEAN, c NULL, d NULL }",
        "T ::= CHOICE { a NULL, b BOOLEAN, c NULL }",
        [
            line(
                "T",
                "d",
                "choice alternative removed",
                "d",
                None,
                COMPATIBLE,
                "every common alternative keeps its index (by position) and the index stays 2 bits;"
                " a peer rejects only an alternative it does not know",
                (BREAKING, "code that reads or sets the alternative fails"),
            )
        ],
    ),
}


@pytest.mark.parametrize(("old", "new", "expected"), CASES.values(), ids=CASES.keys())
def test_the_report_of_one_change(old, new, expected):
    assert report(old, new) == expected
