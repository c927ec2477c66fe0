"""The release pages of a site with three releases, oldest first: each links back to the one before and on to
the next newer one (the newest to none), sits one folder below the site root, and shows its changes table.
Expectations written from the three releases below: 1.0 (the first), 1.1 (one breaking change), 1.2 (none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.diff.changes import BREAKING, COMPATIBLE, Change
from extractor.docs.content import SchemaContent
from extractor.docs.releases import ReleaseDoc
from extractor.docs.site import SiteInput, render_site
from extractor.model import AppMetadata
from extractor.schema.output import app_document

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
REMOVED = Change("v1_1", "M", "Status", "speed", "component removed", "INTEGER", None, BREAKING, "gone", BREAKING, "x")


def release(name: str, previous: str | None, changes: tuple[Change, ...] = ()) -> ReleaseDoc:
    page = f"r{name}"
    previous_page = f"r{previous}" if previous else None
    return ReleaseDoc(Path(name), page, name, "1", "com.x", "0" * 64, "a.apk", (), previous, previous_page, changes)


RELEASES = (release("1.0", None), release("1.1", "1.0", (REMOVED,)), release("1.2", "1.1"))
SITE = SiteInput(SchemaContent(app_document(AppMetadata("a.apk", "00")), "0", (), ()), RELEASES)


def pager(page: str) -> str:
    return page.split('<p class="pager">')[1].split("</p>")[0]


def test_each_html_release_page_links_to_the_release_before_and_the_next_newer_one():
    pages = render_site(SITE, "html")
    assert pager(pages["releases/r1.0.html"]) == ' <a href="r1.1.html">1.1 →</a>'
    assert pager(pages["releases/r1.1.html"]) == '<a href="r1.0.html">← 1.0</a> <a href="r1.2.html">1.2 →</a>'
    assert pager(pages["releases/r1.2.html"]) == '<a href="r1.1.html">← 1.1</a>'


def test_each_markdown_release_page_links_to_the_overview_the_release_before_and_the_next_newer_one():
    pages = render_site(SITE, "markdown")
    assert "[Overview](../index.md) · [1.1 →](r1.1.md)\n" in pages["releases/r1.0.md"]
    assert "[Overview](../index.md) · [← 1.0](r1.0.md) · [1.2 →](r1.2.md)\n" in pages["releases/r1.1.md"]
    assert "[Overview](../index.md) · [← 1.1](r1.1.md)\n" in pages["releases/r1.2.md"]


def test_a_release_page_finds_the_style_and_the_overview_one_folder_up():
    page = render_site(SITE, "html")["releases/r1.1.html"]
    assert '<link rel="stylesheet" href="../site.css">' in page and '<a class="brand" href="../index.html">' in page
    assert '<script src="../search-index.js"></script>' in page


@pytest.mark.parametrize("output_format", ["html", "markdown"])
def test_the_change_table_shows_a_breaking_change(output_format):
    pages = render_site(SITE, output_format)
    if output_format == "html":
        page = pages["releases/r1.1.html"]
        assert '<tr class="breaking">\n  <td><span class="verdict breaking">breaking</span></td>' in page
        assert "<code>v1_1/M Status.speed</code>" in page and "No schema changes." in pages["releases/r1.2.html"]
    else:
        page = pages["releases/r1.1.md"]
        # Markdown has no colours: a breaking verdict is bold, a compatible one plain.
        assert "| **breaking** | **breaking** | component removed | ` v1_1/M Status.speed ` |" in page
        compatible = Change("v1_1", "M", "S", "", "k", None, None, COMPATIBLE, "r", COMPATIBLE, "")
        newer = SiteInput(SITE.content, (release("1.0", None), release("1.1", "1.0", (compatible,))))
        assert "| compatible | compatible | k |" in render_site(newer, "markdown")["releases/r1.1.md"]


def test_the_html_site_ships_the_style_sheet_and_the_search_script():
    pages = render_site(SITE, "html")
    assert pages["site.css"] == (TEMPLATES / "site.css").read_text(encoding="utf-8")
    assert pages["search.js"] == (TEMPLATES / "site_search.js").read_text(encoding="utf-8")
