"""The `saic-asn1` command line."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .dex import read_classes
from .errors import ExtractorError
from .inputs import DEFAULT_MAX_DEX_BYTES, load_input
from .interpret import count_classes
from .pipeline import extract_to

INTERNAL_ERROR_EXIT = 70


def _reported(command: Callable) -> Callable:
    """Turn every failure into one line on stderr and a documented exit code, never a traceback."""

    @wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ExtractorError as error:
            click.echo(f"saic-asn1: error: {error.message}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("saic-asn1: interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # a bug, not bad input: one line, the traceback only on request
            if os.environ.get("SAIC_ASN1_DEBUG"):
                traceback.print_exc()
            click.echo(f"saic-asn1: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(INTERNAL_ERROR_EXIT)

    return run


INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
MAX_DEX_SIZE = click.option(
    "--max-dex-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_DEX_BYTES,
    show_default=True,
    help="Refuse any dex or inner APK larger than this many bytes.",
)


@click.group()
@click.version_option(__version__, prog_name="saic-asn1")
def main() -> None:
    """Recover the ASN.1 UPER schemas of the MG/SAIC iSmart protocol from the Android app."""


@main.command()
@INPUTS
@click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option("--force", is_flag=True, help="Replace a non-empty output folder that saic-asn1 did not write.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@MAX_DEX_SIZE
@_reported
def extract(inputs: tuple[Path, ...], out_dir: Path, force: bool, quiet: bool, max_dex_size: int) -> None:
    """Extract every protocol version of an APK, XAPK/APKS/APKM bundle, dex files or a dex folder."""
    result = extract_to(list(inputs), out_dir, force=force, max_dex_bytes=max_dex_size)
    if quiet:
        return
    extraction = result.extraction
    app = extraction.app
    click.echo(
        f"saic-asn1 {__version__}: {len(extraction.versions)} protocol versions from {app.source_name}"
        f" (package {app.package or 'unknown'}, versionName {app.version_name or 'unknown'},"
        f" versionCode {app.version_code or 'unknown'})"
    )
    for protocol_version in extraction.versions:
        modules = ", ".join(f"{module.file_name} {len(module.assignments)}" for module in protocol_version.modules)
        click.echo(f"  {protocol_version.version:<8} types per module: {modules}")
    click.echo(f"all modules compile with asn1tools (uper); written to {out_dir}")
    click.echo(f"warnings: {len(extraction.warnings)}")
    for warning in extraction.warnings:
        click.echo(f"  - {warning}")


@main.command()
@INPUTS
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@MAX_DEX_SIZE
@_reported
def inspect(inputs: tuple[Path, ...], as_json: bool, max_dex_size: int) -> None:
    """Show the app metadata and the protocol versions an input holds."""
    loaded = load_input(list(inputs), max_dex_size)
    classes = read_classes(loaded.dex_files)
    counts = count_classes(list(classes.records))
    app = loaded.metadata
    report = {
        "file": app.source_name,
        "sha256": app.sha256,
        "package": app.package,
        "versionName": app.version_name,
        "versionCode": app.version_code,
        "dex_files": [dex_file.name for dex_file in loaded.dex_files],
        "versions": {version: {"classes": total, "types": types} for version, (total, types) in counts.items()},
    }
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(f"file         {app.source_name}")
    click.echo(f"sha256       {app.sha256}")
    click.echo(f"package      {app.package or 'unknown'}")
    click.echo(f"versionName  {app.version_name or 'unknown'}")
    click.echo(f"versionCode  {app.version_code or 'unknown'}")
    click.echo(f"dex files    {len(loaded.dex_files)}")
    if not counts:
        click.echo("versions     none (no com.saicmotor.telematics.tsgp.otaadapter.mp.<version> classes)")
    for version, (total, types) in counts.items():
        click.echo(f"  {version:<8} {total:>5} classes, {types:>5} ASN.1 types")
