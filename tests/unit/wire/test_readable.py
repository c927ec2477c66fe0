"""The one sanitiser of text for a person: hand-written escaped forms of hostile strings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.wire.runtime.errors import one_line, shown
from extractor.wire.runtime.readable import readable, readable_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ASCII, kept", "plain ASCII, kept"),
        ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # OSC: retitles the terminal
        ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),  # clear screen, cursor home
        ("1.0\r\nsha256       forged", "1.0\\r\\nsha256       forged"),
        ("tab\there", "tab\\there"),
        ("\x00\x7f", "\\x00\\x7f"),  # NUL and DEL
        ("\x85\x9b31m", "\\x85\\x9b31m"),  # C1: next line, CSI
        ("gnp\u202eexe.png", "gnp\\u202eexe.png"),  # right-to-left override: reads as "exe.png"
        ("\u2066a\u2069\u061c", "\\u2066a\\u2069\\u061c"),  # isolates, Arabic letter mark
        ("a\u200bb\u200c\u200d\u200e\u200f", "a\\u200bb\\u200c\\u200d\\u200e\\u200f"),  # zero-width, marks
        ("\ufeffBOM", "\\ufeffBOM"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("soft\xadhyphen", "soft\\xadhyphen"),
        ("\u3164\u115f", "\\u3164\\u115f"),  # Hangul fillers: blank, yet letters
        ("tag\U000e0041", "tag\\U000e0041"),
        ("lone \ud800", "lone \\ud800"),
        ("café 北京 ü\u00a0ok", "café 北京 ü\u00a0ok"),  # letters and no-break space are shown as they are
    ],
)
def test_hostile_characters_are_shown_escaped(text, expected):
    assert readable(text) == expected


def test_readable_lines_keeps_line_breaks_and_escapes_the_rest():
    assert readable_lines("a: \x1b[31mred\nb: x\r") == "a: \\x1b[31mred\nb: x\\r"


@given(st.text())
def test_the_escaped_form_is_one_line_of_printable_characters_and_stable(text):
    shown = readable(text)
    assert not {unicodedata.category(character) for character in shown} & {"Cc", "Cf", "Zl", "Zp", "Cs"}
    assert readable(shown) == shown


def test_the_runtimes_one_line_errors_show_quoted_values_escaped():
    assert one_line(ValueError("got '\x1b[2J\u202e'\nand more")) == "got '\\x1b[2J\\u202e' and more"


def test_a_value_in_an_error_is_cut_after_60_characters():
    # repr adds the two quotes: 58 characters are 60 shown whole, 59 are cut to 57 and "...".
    assert shown("x" * 58) == "'" + "x" * 58 + "'"
    assert shown("x" * 59) == "'" + "x" * 56 + "..."
    assert shown(7) == "7"


def test_an_error_without_a_message_is_named_by_its_type():
    assert one_line(ValueError()) == "ValueError"
    assert one_line(KeyError("a\n b")) == "'a\\n b'"
