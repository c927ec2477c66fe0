"""Attribute names of the generated client from ASN.1 identifiers built of known words: the expected name is
the words joined by `_`, worked out from the parts, so an acronym followed by a word (`vehicleVINCode`)
splits between the acronym and the word, never inside either."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.generate.pymodel import attribute_name

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
# A capitalised word of one letter would be one more capital of the acronym before it.
LATER_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6)
ACRONYM = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=4)


@st.composite
def identifiers(draw) -> tuple[str, str]:
    """(camelCase identifier, its words joined by `_`): a lowercase word, then capitalised words and
    acronyms, never two acronyms in a row (their boundary is not in the text)."""
    first = draw(WORD)
    text, words, after_acronym = first, [first], False
    for _ in range(draw(st.integers(0, 4))):
        if not after_acronym and draw(st.booleans()):
            acronym = draw(ACRONYM)
            text, after_acronym = text + acronym, True
            words.append(acronym.lower())
        else:
            word = draw(LATER_WORD)
            text, after_acronym = text + word.capitalize(), False
            words.append(word)
    return text, "_".join(words)


@given(identifiers())
def test_words_and_acronyms_each_become_one_part(case):
    identifier, expected = case
    assert attribute_name(identifier) == expected


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("vehicleVINCode", "vehicle_vin_code"),
        ("vehicleVIN", "vehicle_vin"),
        ("tboxSIMNo", "tbox_sim_no"),
        ("remoteSOCValue", "remote_soc_value"),
        ("httpURL", "http_url"),
        ("aBCDef", "a_bc_def"),
    ],
)
def test_an_acronym_followed_by_a_word(identifier, expected):
    assert attribute_name(identifier) == expected
