"""The site's escaping on its own: what a Markdown page or the search index makes of the app's text.
Expectations from the CommonMark rules (a backslash makes any ASCII punctuation literal; a code span ends
at a backtick run of its opening length) and from HTML (`<` opens a tag, `&` a character reference)."""

from __future__ import annotations

import json

import pytest

from extractor.docs.content import FieldRow, SchemaContent, TypeDoc, VersionDoc
from extractor.docs.site import markdown_code, markdown_fence, markdown_text, search_index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.0|evil", "1.0\\|evil"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        ("[a](https://e.example)", "\\[a\\]\\(https://e.example\\)"),
        ("*_`#+!~{}\\", "\\*\\_\\`\\#\\+\\!\\~\\{\\}\\\\"),
        ("two\n  lines\tand tabs", "two lines and tabs"),
        ("plain 1.0-rc", "plain 1.0-rc"),
    ],
)
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.b", "` a.b `"),
        ("x`y", "`` x`y ``"),
        ("x``y`", "``` x``y` ```"),
        ("a|b", "` a\\|b `"),
        ("two\nlines", "` two lines `"),
    ],
)
def test_markdown_code(text, expected):
    assert markdown_code(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("X ::= INTEGER", "```"), ("a ``` b", "````"), ("a ```` b", "`````"), ("one ` two ``", "```")],
)
def test_markdown_fence(text, expected):
    assert markdown_fence(text) == expected


def test_the_search_index_has_no_markup_character():
    doc = TypeDoc("v1_1", "<img src=x>&", "T", "M", "M.asn1", "SEQUENCE", ("a</script>",), "", "", (), ())
    content = SchemaContent({}, "0", (), (VersionDoc("v1_1", "ota.mpv11", (), (doc,)),))
    text = search_index(content)
    assert text.startswith("window.SAIC_SEARCH_INDEX = ") and text.endswith(";\n")
    assert not set("<>&") & set(text)
    entries = json.loads(text[len("window.SAIC_SEARCH_INDEX = ") : -2])
    # The last field: 0 for a type, 1 for a field.
    assert entries == [["<img src=x>&", "v1_1", "SEQUENCE", "a</script>", "v1_1/index.html#T", 0]]


def test_the_search_index_lists_fields_under_their_type_and_is_ascii():
    row = FieldRow(1, "größe", "INTEGER", None, "(0..7)", "", "3 bits")
    typed = TypeDoc("v1_1", "Maß", "Mass", "M", "M.asn1", "SEQUENCE", (), "", "", (row,), ())
    text = search_index(SchemaContent({}, "0", (), (VersionDoc("v1_1", "ota.mpv11", (), (typed,)),)))
    assert text.isascii() and "Ma\\u00df" in text
    entries = json.loads(text[len("window.SAIC_SEARCH_INDEX = ") : -2])
    # A type with no Java class has an empty one; a field links to its type's anchor and has the flag 1.
    assert entries == [
        ["Maß", "v1_1", "SEQUENCE", "", "v1_1/index.html#Mass", 0],
        ["größe", "v1_1", "field of Maß: INTEGER", "", "v1_1/index.html#Mass", 1],
    ]
