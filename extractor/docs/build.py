"""The site of `saic-asn1 docs` and of `regenerate --site`: content, examples and releases, then pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import AppMetadata
from ..schema.output import app_document
from ..wire.runtime.catalog import Catalog, built_in_catalog
from .content import build_content, with_examples
from .examples import decode_examples
from .releases import ReleaseDoc, load_releases
from .site import HTML, SiteInput, write_site


def build_site(
    schema_folder: Path, example_paths: list[Path], releases_folder: Path | None, catalog: Catalog | None = None
) -> SiteInput:
    """`catalog` defaults to the built-in message catalog."""
    releases = tuple(load_releases(releases_folder)) if releases_folder is not None else ()
    return _site(schema_folder, example_paths, releases, catalog)


def _site(
    schema_folder: Path, example_paths: list[Path], releases: tuple[ReleaseDoc, ...], catalog: Catalog | None
) -> SiteInput:
    catalog = built_in_catalog() if catalog is None else catalog
    content = build_content(schema_folder, catalog)
    undecoded: list = []
    if example_paths:
        examples, undecoded = decode_examples(example_paths, schema_folder, catalog)
        content = with_examples(content, examples)
    return SiteInput(content, releases, tuple(undecoded), bool(example_paths))


def write_release_site(package_folder: Path, out_dir: Path) -> SiteInput:
    """The HTML site of an app's newest release under generated_schemas/<package>, with every release."""
    releases = tuple(load_releases(package_folder))
    newest = releases[-1]
    site = _site(newest.folder, [], releases, None)
    # A release whose schemas equal an earlier one's shares that folder, whose index.json names the earlier app.
    app = app_document(
        AppMetadata(newest.source_file, newest.sha256, newest.package, newest.version_name, int(newest.version_code))
    )
    site = replace(site, content=replace(site.content, app=app))
    write_site(site, HTML, out_dir)
    return site
