"""The UPER arithmetic behind the diff's verdicts."""

import pytest

from extractor.diff.changes import (
    BREAKING,
    COMPATIBLE,
    _index_verdict,
    _integer_verdict,
    _size_verdict,
)


@pytest.mark.parametrize(
    ("before", "after", "verdict", "reason"),
    [
        (((0, 255),), ((0, 200),), COMPATIBLE, "8-bit width"),
        (((0, 255),), ((0, 256),), BREAKING, "width 8 → 9 bits"),
        (((0, 255),), ((1, 255),), BREAKING, "lower bound 0 → 1"),
        (((-90000000, 90000000),), ((-90000000, 90000001),), COMPATIBLE, "28-bit"),
        ((7,), (7,), COMPATIBLE, "0-bit"),
        (None, ((0, 255),), BREAKING, "unconstrained"),
        (None, None, COMPATIBLE, "both unconstrained"),
    ],
)
def test_integer_ranges(before, after, verdict, reason):
    found = _integer_verdict(before, after)
    assert found[0] == verdict and reason in found[1]


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (((1, 20),), ((1, 30),), COMPATIBLE),
        (((1, 20),), ((1, 40),), BREAKING),
        ((17,), ((1, 17),), BREAKING),
        ((17,), (18,), BREAKING),
        (((0, 70000),), ((0, 100000),), COMPATIBLE),
        (((0, 65535),), ((0, 65536),), BREAKING),
        (None, ((0, 70000),), COMPATIBLE),
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
