"""The pages `render_site` makes of the app's strings, in both formats. Expectations from HTML (`<` opens
a tag, `&` a reference: both shown as `&lt;`, `&amp;`), CommonMark (a backslash makes punctuation
literal; `|` ends a table cell) and the site's rule that a bidi control is shown as its escape `\\u202e`."""

from __future__ import annotations

import pytest

from extractor import __version__
from extractor.docs.content import FieldRow, SchemaContent, TypeDoc, VersionDoc
from extractor.docs.site import GENERATOR_MARK, SiteInput, render_site, write_site
from extractor.errors import OutputError
from extractor.model import AppMetadata
from extractor.schema.output import app_document

APP = AppMetadata("a&b<i>.apk", "00", package="<script>x</script>", version_name="1.0|evil\u202e", version_code=7)
SITE = SiteInput(SchemaContent(app_document(APP), "0", ("<b>warn</b>",), ()))


def test_the_html_overview_escapes_every_string_from_the_app():
    page = render_site(SITE, "html")["index.html"]
    assert "<script>x" not in page and "<b>warn" not in page and "a&b" not in page and "\u202e" not in page
    assert "<tr><th>package</th><td><code>&lt;script&gt;x&lt;/script&gt;</code></td></tr>" in page
    assert "<tr><th>versionName</th><td>1.0|evil\\u202e</td></tr>" in page
    assert "<tr><th>file</th><td>a&amp;b&lt;i&gt;.apk</td></tr>" in page
    assert "<li>&lt;b&gt;warn&lt;/b&gt;</li>" in page
    assert GENERATOR_MARK in page[:1024] and page.endswith("</html>\n")


def test_the_markdown_overview_keeps_its_table_cells_and_shows_no_markup():
    page = render_site(SITE, "markdown")["index.md"]
    assert "| versionName | 1.0\\|evil\\u202e |\n" in page and "| file | a&b\\<i\\>.apk |\n" in page
    assert "# \\<script\\>x\\</script\\> — protocol reference\n" in page and "- \\<b\\>warn\\</b\\>\n" in page
    assert "\u202e" not in page and GENERATOR_MARK in page[:1024] and page.endswith("\n")
    # A table's delimiter row right under its header row: a blank line between them would end the table.
    lines = page.splitlines()
    delimiters = [number for number, line in enumerate(lines) if line.startswith("|---")]
    assert len(delimiters) == 3 and all(lines[number - 1].startswith("| ") for number in delimiters)


def test_only_the_html_site_has_the_style_the_search_script_and_its_index():
    assert {"site.css", "search.js", "search-index.js"} <= set(render_site(SITE, "html"))
    assert set(render_site(SITE, "markdown")) == {"index.md"}


def test_a_site_replaces_the_site_written_before_and_a_foreign_folder_only_when_forced(tmp_path):
    write_site(SITE, "markdown", tmp_path / "site")
    (tmp_path / "site" / "old.md").write_text("from the run before")
    assert write_site(SITE, "html", tmp_path / "site")["index.html"] == (tmp_path / "site" / "index.html").read_text()
    assert not (tmp_path / "site" / "old.md").exists()
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="was not written by saic-asn1"):
        write_site(SITE, "html", tmp_path / "foreign")
    write_site(SITE, "html", tmp_path / "foreign", force=True)
    assert not (tmp_path / "foreign" / "notes.txt").exists()


def test_pages_link_to_the_site_root_from_where_they_are():
    row = FieldRow(1, "speed", "INTEGER", None, "(0..255)", "", "8 bits")
    status = TypeDoc(
        "v1_1", "Status", "Status", "M", "M.asn1", "SEQUENCE", ("com.x.Status",), "Status ::= ..", "", (row,), ()
    )
    versions = (VersionDoc("v1_1", "ota.mpv11", (("M.asn1", "M", 1),), (status,)),)
    site = SiteInput(SchemaContent(app_document(APP), "0", (), versions))
    html, markdown = render_site(site, "html"), render_site(site, "markdown")
    assert (
        '<link rel="stylesheet" href="site.css">' in html["index.html"]
        and 'href="v1_1/index.html"' in html["index.html"]
    )
    page = html["v1_1/index.html"]
    assert '<link rel="stylesheet" href="../site.css">' in page and '<a class="brand" href="../index.html">' in page
    assert f'<meta name="generator" content="{GENERATOR_MARK} {__version__}">' in page
    assert "[Overview](../index.md)" in markdown["v1_1/index.md"] and "(v1_1/index.md)" in markdown["index.md"]
