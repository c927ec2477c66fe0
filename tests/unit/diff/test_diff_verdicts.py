"""The UPER arithmetic behind the diff's verdicts."""

import pytest

from extractor.diff.changes import (
    BREAKING,
    COMPATIBLE,
    _index_verdict,
    _integer_verdict,
    _size_verdict,
)
from extractor.model import SingleValue, ValueRange


@pytest.mark.parametrize(
    ("before", "after", "verdict", "reason"),
    [
        (ValueRange(0, 255), ValueRange(0, 200), COMPATIBLE, "8-bit width"),
        (ValueRange(0, 255), ValueRange(0, 256), BREAKING, "width 8 → 9 bits"),
        (ValueRange(0, 255), ValueRange(1, 255), BREAKING, "lower bound 0 → 1"),
        (ValueRange(-90000000, 90000000), ValueRange(-90000000, 90000001), COMPATIBLE, "28-bit"),
        (SingleValue(7), SingleValue(7), COMPATIBLE, "0-bit"),
        (None, ValueRange(0, 255), BREAKING, "unconstrained"),
        (None, None, COMPATIBLE, "both unconstrained"),
    ],
)
def test_integer_ranges(before, after, verdict, reason):
    found = _integer_verdict(before, after)
    assert found[0] == verdict and reason in found[1]


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (ValueRange(1, 20), ValueRange(1, 30), COMPATIBLE),
        (ValueRange(1, 20), ValueRange(1, 40), BREAKING),
        (SingleValue(17), ValueRange(1, 17), BREAKING),
        (SingleValue(17), SingleValue(18), BREAKING),
        (ValueRange(0, 70000), ValueRange(0, 100000), COMPATIBLE),
        (ValueRange(0, 65535), ValueRange(0, 65536), BREAKING),
        (None, ValueRange(0, 70000), COMPATIBLE),
    ],
)
def test_size_ranges(before, after, verdict):
    assert _size_verdict(before, after)[0] == verdict


@pytest.mark.parametrize(
    ("old", "new", "verdict"),
    [
        (["a", "b", "c"], ["a", "b", "c", "d"], COMPATIBLE),
        (["a", "b"], ["a", "b", "c"], BREAKING),
        (["a", "b", "c"], ["a", "c"], BREAKING),
        (["a", "b", "c", "d"], ["a", "b", "c"], COMPATIBLE),
        (["a", "b", "c"], ["b", "a", "c"], BREAKING),
        (["only"], ["only"], COMPATIBLE),
    ],
)
def test_enumeration_and_choice_indexes(old, new, verdict):
    assert _index_verdict(old, new, "item", "by value")[0] == verdict


@pytest.mark.parametrize(
    ("before", "after", "reason"),
    [
        # 1..20 is a (length - 1) field of 5 bits (19 < 32), 1..40 one of 6 bits (39 < 64): X.691 11.9.4.1.
        (ValueRange(1, 20), ValueRange(1, 40), "length encoding 5-bit field from 1 → 6-bit field from 1"),
        (ValueRange(3, 10), ValueRange(2, 9), "length encoding 3-bit field from 3 → 3-bit field from 2"),
        # A fixed size below 64K sends no length at all (X.691 11.9.3.3).
        (SingleValue(17), ValueRange(1, 17), "length encoding none (fixed size 17) → 5-bit field from 1"),
        # An upper bound of 64K or more takes the general length determinant (X.691 11.9.4.2).
        (
            ValueRange(0, 65535),
            ValueRange(0, 65536),
            "length encoding 16-bit field from 0 → general length determinant",
        ),
        (None, SingleValue(4), "length encoding general length determinant → none (fixed size 4)"),
        (
            ValueRange(1, 20),
            ValueRange(1, 30),
            "the length is encoded the same way; lengths outside the narrower range are rejected",
        ),
    ],
)
def test_size_reasons_name_both_length_encodings(before, after, reason):
    assert _size_verdict(before, after)[1] == reason
