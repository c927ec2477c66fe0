"""Checks over a generated site, for the docs tests: every internal link and #fragment resolves, and no
page loads anything from the network. Our own small checker over html.parser: the rules are ours."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make the browser fetch something (a link in <a href> is only followed on a click).
LOADING = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
MARKDOWN_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
# Code is shown as text, so a link-like text inside it is no link.
MARKDOWN_FENCED = re.compile(r"^(`{3,}).*?^\1$", re.MULTILINE | re.DOTALL)
MARKDOWN_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        # (tag, attribute, value)
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            if name in ("href", "src", "data") or name == "style":
                self.references.append((tag, name, value))


def _is_remote(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("", "file", "data") or url.startswith("//")


def check_html_site(site: Path) -> list[str]:
    """Every problem found, one line each; empty when every link resolves and nothing is remote."""
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        where = path.relative_to(site).as_posix()
        for tag, attribute, value in page.references:
            if attribute == "style":
                problems += [
                    f"{where}: remote url() in style: {url}" for url in CSS_URL.findall(value) if _is_remote(url)
                ]
                continue
            if _is_remote(value):
                if (tag, attribute) in LOADING:
                    problems.append(f"{where}: <{tag} {attribute}> loads a remote resource: {value}")
                continue
            if value.startswith("data:"):
                continue
            problems += _resolve(site, path, value, pages)
    for stylesheet in sorted(site.rglob("*.css")):
        for url in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            if _is_remote(url) or "@import" in url:
                problems.append(f"{stylesheet.relative_to(site)}: remote url(): {url}")
    return problems


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _resolve(site: Path, page_path: Path, url: str, pages: dict[Path, _Page]) -> list[str]:
    where = page_path.relative_to(site).as_posix()
    parts = urlsplit(url)
    target = (page_path.parent / unquote(parts.path)).resolve() if parts.path else page_path
    if site.resolve() not in target.parents and target != site.resolve():
        return [f"{where}: link leaves the site: {url}"]
    if not target.is_file():
        return [f"{where}: broken link: {url}"]
    if parts.fragment:
        ids = pages[target].ids if target in pages else set()
        if unquote(parts.fragment) not in ids:
            return [f"{where}: no id {parts.fragment!r} in {target.relative_to(site.resolve())}: {url}"]
    return []


def without_code(markdown: str) -> str:
    return MARKDOWN_SPAN.sub("", MARKDOWN_FENCED.sub("", markdown))


def check_markdown_site(site: Path) -> list[str]:
    anchors = {
        path.resolve(): set(MARKDOWN_ANCHOR.findall(path.read_text(encoding="utf-8"))) for path in site.rglob("*.md")
    }
    problems = []
    for path in sorted(site.rglob("*.md")):
        where = path.relative_to(site).as_posix()
        for url in MARKDOWN_LINK.findall(without_code(path.read_text(encoding="utf-8"))):
            if _is_remote(url):
                problems.append(f"{where}: remote link: {url}")
                continue
            parts = urlsplit(url)
            target = (path.parent / parts.path).resolve() if parts.path else path.resolve()
            if target not in anchors:
                problems.append(f"{where}: broken link: {url}")
            elif parts.fragment and parts.fragment not in anchors[target]:
                problems.append(f"{where}: no anchor {parts.fragment!r}: {url}")
    return problems
