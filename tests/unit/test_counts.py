"""Counts as a user reads them: singular for exactly one, at 0, 1, 2 and beyond."""

from __future__ import annotations

import pytest

from extractor.wording import counted


@pytest.mark.parametrize(
    ("number", "expected"), [(0, "0 types"), (1, "1 type"), (2, "2 types"), (11, "11 types"), (21, "21 types")]
)
def test_only_exactly_one_is_singular(number, expected):
    assert counted(number, "type") == expected


def test_an_irregular_plural_and_a_table_width():
    assert counted(1, "class", "classes") == "1 class"
    assert counted(3, "catalog entry", "catalog entries") == "3 catalog entries"
    assert counted(1, "ASN.1 type", width=5) == "    1 ASN.1 type"
    assert counted(12345, "class", "classes", 3) == "12345 classes"
