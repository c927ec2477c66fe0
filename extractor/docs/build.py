"""The site of `saic-asn1 docs` and of `regenerate --site`: content, examples and releases, then pages."""

from __future__ import annotations

from pathlib import Path

from .content import build_content, with_examples
from .examples import decode_examples
from .releases import load_releases
from .site import HTML, SiteInput, write_site


def build_site(schema_folder: Path, example_paths: list[Path], releases_folder: Path | None) -> SiteInput:
    content = build_content(schema_folder)
    undecoded: list = []
    if example_paths:
        examples, undecoded = decode_examples(example_paths, schema_folder)
        content = with_examples(content, examples)
    releases = tuple(load_releases(releases_folder)) if releases_folder is not None else ()
    return SiteInput(content, releases, tuple(undecoded), bool(example_paths))


def write_release_site(package_folder: Path, out_dir: Path) -> SiteInput:
    """The HTML site of an app's newest release under generated_schemas/<package>, with every release."""
    newest = load_releases(package_folder)[-1]
    site = build_site(newest.folder, [], package_folder)
    write_site(site, HTML, out_dir)
    return site
