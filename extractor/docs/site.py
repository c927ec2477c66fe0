"""Render the reference site (HTML or Markdown) from templates in `templates/`; the only docs module that
touches jinja2. HTML is autoescaped; Markdown text goes through `markdown_text` / `markdown_code`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import markupsafe

from .. import __version__
from ..diff.changes import BREAKING
from ..schema.output import refuse_folder, write_folder
from ..wire.runtime.readable import readable, readable_lines
from ..wording import counted
from .content import SchemaContent, endpoint
from .examples import Undecoded
from .releases import ReleaseDoc

HTML = "html"
MARKDOWN = "markdown"
EXTENSIONS = {HTML: "html", MARKDOWN: "md"}
GENERATOR_MARK = "saic-asn1 docs"
STATIC_FILES = {"site.css": "site.css", "search.js": "site_search.js"}
SEARCH_INDEX_FILE = "search-index.js"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@dataclass(frozen=True)
class SiteInput:
    content: SchemaContent
    releases: tuple[ReleaseDoc, ...] = ()
    undecoded: tuple[Undecoded, ...] = ()
    examples_given: bool = False


def _load_template(name: str) -> str:
    return resources.files("extractor.templates").joinpath(name).read_text(encoding="utf-8")


def markdown_text(value: object) -> str:
    """Text safe in Markdown prose and table cells: every character with a Markdown meaning escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def markdown_code(value: object) -> str:
    """An inline code span that no backtick in the text can close; `|` escaped for table cells."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def markdown_fence(value: str) -> str:
    """A fence longer than any backtick run in the block it encloses."""
    return "`" * max(3, max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)


def _shown_escaped(value: object) -> object:
    """Every text a page shows, its control, bidi and invisible characters as visible escapes (`\u202e`), so a
    name cannot reorder or hide what the reader sees; markup the site built keeps being markup."""
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(readable_lines(str(value)))
    return readable_lines(value) if isinstance(value, str) else value


def _environment(output_format: str) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template),
        autoescape=output_format == HTML,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_shown_escaped,
    )
    environment.filters.update(md=markdown_text, code=markdown_code, fence=markdown_fence, counted=counted)
    environment.globals.update(
        BREAKING=BREAKING, endpoint=endpoint, generator_mark=GENERATOR_MARK, tool_version=__version__
    )
    return environment


def render_site(site: SiteInput, output_format: str) -> dict[str, str]:
    """Relative path → text of every file of the site."""
    extension = EXTENSIONS[output_format]
    environment = _environment(output_format)
    common = {"site": site, "content": site.content, "releases": site.releases}
    files = {
        f"index.{extension}": environment.get_template(f"site_index.{extension}.j2").render(common, root=""),
    }
    version_template = environment.get_template(f"site_version.{extension}.j2")
    for version_doc in site.content.versions:
        files[f"{version_doc.version}/index.{extension}"] = version_template.render(
            common, root="../", version=version_doc
        )
    release_template = environment.get_template(f"site_release.{extension}.j2")
    for position, release in enumerate(site.releases):
        newer = site.releases[position + 1] if position + 1 < len(site.releases) else None
        files[f"releases/{release.page}.{extension}"] = release_template.render(
            common, root="../", release=release, newer=newer
        )
    if output_format == HTML:
        for target, source in STATIC_FILES.items():
            files[target] = _load_template(source)
        files[SEARCH_INDEX_FILE] = search_index(site.content)
    return files


def search_index(content: SchemaContent) -> str:
    """`window.SAIC_SEARCH_INDEX`: [name, version, what it is, Java class, link, 1 for a field] per type and per
    field (a field links to its type), loaded as a script (a page opened from disk may not fetch JSON)."""
    entries: list[list[str | int]] = []
    for version_doc in content.versions:
        for doc in version_doc.types:
            link = f"{doc.version}/index.html#{doc.anchor}"
            # Shown by the search box as text: escaped like every page's text, so a bidi control cannot reorder it.
            java_class = readable(doc.java_classes[0]) if doc.java_classes else ""
            entries.append([doc.name, doc.version, doc.kind, java_class, link, 0])
            entries += [
                [row.name, doc.version, f"field of {doc.name}: {row.type_text}", "", link, 1]
                for row in doc.rows
                if row.is_component
            ]
    text = json.dumps(entries, ensure_ascii=True, separators=(",", ":"))
    # Markup characters as escapes, so the index stays inert even where it were inlined into a page.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.SAIC_SEARCH_INDEX = {text};\n"


def is_our_site(folder: Path) -> bool:
    for name in ("index.html", "index.md"):
        try:
            with open(folder / name, encoding="utf-8", errors="replace") as page:
                if GENERATOR_MARK in page.read(1024):
                    return True
        except OSError:
            continue
    return False


def refuse_site_folder(out_dir: Path, force: bool = False) -> None:
    """Raise the OutputError `write_site` would refuse `out_dir` with, writing nothing."""
    refuse_folder(out_dir, force, is_our_site)


def write_site(site: SiteInput, output_format: str, out_dir: Path, force: bool = False) -> dict[str, str]:
    files = render_site(site, output_format)
    write_folder(out_dir, files, force=force, is_ours=is_our_site)
    return files
