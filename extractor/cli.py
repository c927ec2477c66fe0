"""The `saic-asn1` command line."""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from . import __version__, end_interrupted, end_on_broken_pipe
from .errors import (
    InputError,
    NoTargetPackagesError,
    OutputError,
    PayloadError,
    SchemaError,
    ValidationError,
    WireError,
)
from .read import DEFAULT_MAX_DEX_BYTES
from .wire.runtime.errors import one_line
from .wire.runtime.readable import readable, readable_lines
from .wording import counted

if TYPE_CHECKING:
    from .schema.stored import StoredExtraction
    from .wire.runtime.catalog import Catalog
    from .wire.schemas import Schemas

# Each command imports what it needs (androguard, asn1tools, jinja2) itself, so that `--help` starts at once.

INTERNAL_ERROR_EXIT = 70
# The one map from error to exit code (the README's table): the most specific class of an error wins.
EXIT_CODES: dict[type[Exception], int] = {
    InputError: 3,
    NoTargetPackagesError: 4,
    SchemaError: 5,
    ValidationError: 6,
    OutputError: 7,
    PayloadError: 8,
    WireError: 8,
}
# `diff` exits 2 on any error, like diff(1).
COMMAND_ERROR_EXITS = {"diff": 2}
# What the file system says about a path the user gave: bad input (exit 3), not a bug.
USER_PATH_ERRORS = {errno.ENAMETOOLONG, errno.ENOENT, errno.EACCES, errno.EISDIR, errno.ENOTDIR, errno.ELOOP}


def exit_code(error: Exception) -> int | None:
    """The documented exit code of a user-caused failure, None for a bug."""
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        user_path = error.errno in USER_PATH_ERRORS and error.filename is not None
        return EXIT_CODES[InputError] if user_path else None
    return next((EXIT_CODES[cls] for cls in type(error).__mro__ if cls in EXIT_CODES), None)


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Output for a person: each line through `readable_lines`, so nothing from an app, a payload or a flow reaches
    the terminal raw (JSON output goes out with `click.echo` as it is: exact values, escaped by JSON)."""
    click.echo(readable_lines(text), err=err, nl=nl)


def _report(text: str, output_format: str) -> None:
    """A report in its format, ending in its own newline: JSON as it is, text and Markdown through `say`."""
    if output_format == "json":
        click.echo(text, nl=False)
    else:
        say(text, nl=False)


def error_line(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"{error.filename}: {error.strerror}"
    return str(error)


INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
MAX_DEX_SIZE = click.option(
    "--max-dex-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_DEX_BYTES,
    show_default=True,
    help="Refuse any dex or inner APK larger than this many bytes.",
)


def text_or_json(help_text: str) -> Callable:
    """`--format text|json`, the one spelling of JSON output; `--json`, the older one, stays as a hidden alias."""

    def decorate(command: Callable) -> Callable:
        @wraps(command)
        def run(*args: Any, json_alias: bool, output_format: str, **kwargs: Any) -> Any:
            context = click.get_current_context()
            given = context.get_parameter_source("output_format") is not ParameterSource.DEFAULT
            if json_alias and given and output_format != "json":
                raise click.UsageError("--json is --format json: give one of them")
            return command(*args, output_format="json" if json_alias else output_format, **kwargs)

        run = click.option("--json", "json_alias", is_flag=True, hidden=True, help="Same as --format json.")(run)
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(["text", "json"]),
            default="text",
            show_default=True,
            help=help_text,
        )(run)

    return decorate


USAGE_ERROR_EXIT = 2


def _usage_error_exit(error: click.UsageError, command_path: str) -> NoReturn:
    """A usage error in one line, not click's four (usage, hint, blank line, error); exit 2 as click does."""
    where = error.ctx.command_path if error.ctx is not None else command_path
    click.echo(f"saic-asn1: error: {readable(error.format_message())}  (see {readable(where)} --help)", err=True)
    sys.exit(USAGE_ERROR_EXIT)


class CommandGroup(click.Group):
    """Every failure of a command ends here: one line on stderr and a documented exit code, never a traceback."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # no arguments at all: click prints the help
        except click.UsageError as error:
            _usage_error_exit(error, info_name or "saic-asn1")

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            end_on_broken_pipe()
        except KeyboardInterrupt:  # before click turns it into "Aborted!" and exit 1
            end_interrupted()
        except click.exceptions.NoArgsIsHelpError:
            raise  # a command group without a command: click prints its help
        except click.UsageError as error:
            _usage_error_exit(error, " ".join(filter(None, [ctx.command_path, ctx.invoked_subcommand])))
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 (a bug too ends in one line: exit 70, the traceback on request)
            if isinstance(error.__cause__, KeyboardInterrupt):  # how Python 3.11 reports a Ctrl-C in __set_name__
                end_interrupted()
            code = exit_code(error)
            if code is None:
                if os.environ.get("SAIC_ASN1_DEBUG"):
                    traceback.print_exc()
                click.echo(f"saic-asn1: internal error: {type(error).__name__}: {readable(one_line(error))}", err=True)
                sys.exit(INTERNAL_ERROR_EXIT)
            click.echo(f"saic-asn1: error: {readable(error_line(error))}", err=True)
            sys.exit(COMMAND_ERROR_EXITS.get(ctx.invoked_subcommand or "", code))


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="saic-asn1")
def main() -> None:
    """Recover the ASN.1 UPER schemas of the MG/SAIC iSmart protocol from the Android app.

    Shell completion: eval "$(_SAIC_ASN1_COMPLETE=bash_source saic-asn1)" (zsh_source, fish_source).
    """


@main.command()
@INPUTS
@click.option("--out", "-o", "out_dir", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option("--force", is_flag=True, help="Replace a non-empty output folder that saic-asn1 did not write.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--keep-going", is_flag=True, help="Skip types that cannot be interpreted (with a warning) instead of failing."
)
@MAX_DEX_SIZE
def extract(
    inputs: tuple[Path, ...], out_dir: Path, force: bool, quiet: bool, keep_going: bool, max_dex_size: int
) -> None:
    """Extract every protocol version of an APK, XAPK/APKS/APKM bundle, dex files or a dex folder."""
    from .progress import ProgressBar
    from .schema.extract import extract_to
    from .schema.interpret import version_of

    with ProgressBar(enabled=not quiet and sys.stderr.isatty()) as progress:
        result = extract_to(
            list(inputs), out_dir, force=force, max_dex_bytes=max_dex_size, keep_going=keep_going, progress=progress
        )
    if quiet:
        return
    extraction = result.extraction
    app = extraction.app
    # The manifest's values are the app's, shown escaped: a CR or LF in versionName forges no line.
    say(
        f"saic-asn1 {__version__}: {counted(len(extraction.versions), 'protocol version')} from {readable(app.source_name)}"
        f" (package {readable(app.package or 'unknown')}, versionName {readable(app.version_name or 'unknown')},"
        f" versionCode {readable(str(app.version_code or 'unknown'))})"
    )
    for protocol_version in extraction.versions:
        version = protocol_version.version
        modules = ", ".join(f"{module.file_name} {len(module.assignments)}" for module in protocol_version.modules)
        java_classes = [
            assignment.java_class for module in protocol_version.modules for assignment in module.assignments
        ]
        borrowed = sum(version_of(java_class) != version for java_class in java_classes)
        origin = f" ({borrowed} from other version packages)" if borrowed else ""
        say(f"  {version:<8} {counted(len(java_classes), 'type')}{origin}; per module: {modules}")
    say(f"all modules compile with asn1tools (uper); written to {out_dir}")
    say(f"warnings: {len(extraction.warnings)}")
    for warning in extraction.warnings:
        say(f"  - {readable(warning)}")


@main.command()
@INPUTS
@text_or_json("text for a terminal, json for scripts.")
@MAX_DEX_SIZE
def inspect(inputs: tuple[Path, ...], output_format: str, max_dex_size: int) -> None:
    """Show the app metadata, the protocol versions an input (or an extraction output folder) holds and the
    ASN.1 modules the app declares."""
    from .schema.inventory import inventory

    report = inventory(list(inputs), max_dex_size)
    if output_format == "json":
        click.echo(report.to_json())
    else:
        say(report.to_text())


SCHEMAS = click.option(
    "--schemas",
    "schema_folder",
    type=click.Path(path_type=Path),
    required=True,
    help="An extraction output folder (OUT of `saic-asn1 extract`).",
)
CATALOG_FILE = click.option(
    "--catalog",
    "catalog_file",
    type=click.Path(path_type=Path),
    help="A JSON message catalog of your own, merged over the built-in one (its entries win).",
)
NO_CATALOG = click.option("--no-catalog", is_flag=True, help="Identify application data by inference only.")


def _catalog(catalog_file: Path | None, no_catalog: bool) -> Catalog:
    from .wire.catalog_file import catalog_with
    from .wire.runtime.catalog import Catalog

    if no_catalog and catalog_file is not None:
        raise click.UsageError("--catalog and --no-catalog exclude each other")
    return Catalog() if no_catalog else catalog_with(catalog_file)


def _argument_text(argument: str | None, what: str, looks_inline: Callable[[str], bool]) -> str:
    """Standard input for `-` or nothing, the file the argument names, else the argument itself as data."""
    if argument is None or argument == "-":
        if sys.stdin.isatty():  # else a newcomer sees a command that seems to hang
            say(f"saic-asn1: reading {what} from standard input; end it with Ctrl-D", err=True)
        return sys.stdin.read()
    if looks_inline(argument):
        return argument
    path = Path(argument)
    kind = _path_kind(path)
    if kind == "folder":
        raise InputError(f"{path}: is a folder; give a {what} file, the {what} itself, or - for standard input")
    if kind == "file":
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise InputError(f"{path}: cannot read: {error.strerror}") from None
    if len(argument) < 256 and ("/" in argument or "." in argument):
        raise InputError(f"{argument}: no such file (and not {what})")
    return argument


def _path_kind(path: Path) -> str | None:
    """ "file", "folder", or None when there is nothing there (or the name cannot be a path at all)."""
    try:
        return "folder" if path.is_dir() else "file" if path.exists() else None
    except OSError:
        return None


def _shortened(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _is_hex(text: str) -> bool:
    return re.fullmatch(r"\s*(0[xX])?[0-9A-Fa-f\s]+", text) is not None


@main.command()
@click.argument("payload", required=False)
@SCHEMAS
@click.option("--type", "type_name", help="Decode the application data as this type (skips catalog and inference).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "tree"]),
    default="json",
    show_default=True,
    help="json: the form `encode` reads back; tree: an indented view with OCTET STRING text shown.",
)
@click.option(
    "--flows",
    "flow_file",
    type=click.Path(path_type=Path),
    help="Decode every ota.mp* exchange of a mitmproxy flow file.",
)
@CATALOG_FILE
@NO_CATALOG
def decode(
    payload: str | None,
    schema_folder: Path,
    type_name: str | None,
    output_format: str,
    flow_file: Path | None,
    catalog_file: Path | None,
    no_catalog: bool,
) -> None:
    """Decode a captured message (hex as argument, file or stdin): header, dispatcher body, application data."""
    from .wire.runtime.codec import decode_message, json_text
    from .wire.schemas import Schemas
    from .wire.tree import message_tree

    catalog = _catalog(catalog_file, no_catalog)
    schemas = Schemas(schema_folder)
    if flow_file is not None:
        _decode_flows(flow_file, schemas, output_format, catalog)
        return
    message = decode_message(_argument_text(payload, "hex", _is_hex), schemas, type_name, catalog)
    if output_format == "tree":
        say(message_tree(message))
    else:
        click.echo(json_text(message))


def _decode_flows(flow_file: Path, schemas: Schemas, output_format: str, catalog: Catalog) -> None:
    """Each side of each exchange as `decode` prints it, the way the mitmproxy addon decodes them."""
    from .mitm.exchange import REQUEST, RESPONSE, body_json, body_tree, decode_text
    from .wire.flows import read_exchanges

    exchanges = [
        (
            exchange.url,
            {
                side: decode_text(side, text, schemas, catalog) if text else None
                for side, text in ((REQUEST, exchange.request), (RESPONSE, exchange.response))
            },
        )
        for exchange in read_exchanges(flow_file)
    ]
    if output_format == "json":
        click.echo(
            json.dumps(
                [{"url": url, **{side: body_json(body) for side, body in sides.items()}} for url, sides in exchanges],
                indent=2,
            )
        )
        return
    for url, sides in exchanges:
        say(f"== {readable(url)}")
        for side, body in sides.items():
            say(f"-- {side}\n{body_tree(body) if body is not None else 'none'}")


@main.command("mitmproxy-addon")
def mitmproxy_addon() -> None:
    """Print the path of the mitmproxy addon: mitmproxy -s "$(saic-asn1 mitmproxy-addon)" --set saic_schemas=OUT."""
    from .mitm import ADDON_SCRIPT

    click.echo(ADDON_SCRIPT)


@main.command()
@click.argument("message", required=False)
@SCHEMAS
def encode(message: str | None, schema_folder: Path) -> None:
    """Encode a message given as JSON (the form `decode` prints; argument, file or stdin) to wire hex."""
    from .wire.runtime.codec import encode_message, json_document
    from .wire.schemas import Schemas

    text = _argument_text(message, "JSON", lambda argument: argument.lstrip().startswith("{"))
    if _is_hex(text):
        raise PayloadError(
            "message looks like hex, not JSON: encode takes the JSON `decode` prints; decode it first"
            " (saic-asn1 decode HEX --schemas DIR > message.json), then encode message.json"
        )
    click.echo(encode_message(json_document(text), Schemas(schema_folder)))


@main.command()
@click.argument("payloads", nargs=-1, required=True)
@SCHEMAS
@text_or_json("text: a table of one row per payload; json: the same as one object, for scripts.")
@CATALOG_FILE
@NO_CATALOG
@click.option(
    "--witness",
    type=click.Choice(["pycrate"]),
    help="Also decode every payload with pycrate; fail where it disagrees (needs the witness extra).",
)
def validate(
    payloads: tuple[str, ...],
    schema_folder: Path,
    output_format: str,
    catalog_file: Path | None,
    no_catalog: bool,
    witness: str | None,
) -> None:
    """Round-trip captured payloads (hex files, folders, manifests, or hex given inline); exit 1 if any fails."""
    from .wire.batch import ValidationReport, collect_payloads, round_trip
    from .wire.schemas import Schemas
    from .wire.witness import PycrateWitness

    paths, inline = [], []
    for number, argument in enumerate(payloads, 1):
        if _path_kind(Path(argument)) is not None:
            paths.append(Path(argument))
        elif _is_hex(argument):
            inline.append((f"argument {number}", argument))
        else:
            raise InputError(f"{_shortened(argument)}: no such file or folder (and not hex)")
    catalog = _catalog(catalog_file, no_catalog)
    schemas = Schemas(schema_folder)
    second_decoder = PycrateWitness(schemas) if witness == "pycrate" else None
    named = (collect_payloads(paths) if paths else []) + inline
    report = ValidationReport(
        [round_trip(name, text, schemas, catalog, second_decoder) for name, text in named], witness
    )
    if output_format == "json":
        click.echo(report.to_json())
    else:
        say(report.to_text())
    if report.failed:
        sys.exit(1)


@main.group()
def generate() -> None:
    """Generate client code from an extraction output."""


@generate.command("python")
@SCHEMAS
@click.option(
    "--out", "-o", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder to write the package into."
)
@click.option(
    "--package", "package", required=True, help="Python package name: the package is written to OUT/PACKAGE/."
)
@click.option("--force", is_flag=True, help="Replace a non-empty OUT/PACKAGE that saic-asn1 did not write.")
def generate_python(schema_folder: Path, out_dir: Path, package: str, force: bool) -> None:
    """A typed Python package (one module per protocol version, decode/encode/to_json/from_json) for an output."""
    from .generate.python import generate_python as write_package

    target = write_package(schema_folder, out_dir, package, force)
    say(f"wrote package {package} to {target}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path), required=False)
@click.option("--versions", nargs=2, metavar="OLD_VERSION NEW_VERSION", help="Compare two protocol versions of OLD.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull request, json for scripts.",
)
@click.option("--color/--no-color", default=None, help="Colour the text format (default: when stdout is a terminal).")
def diff(old: Path, new: Path | None, versions: tuple[str, str] | None, output_format: str, color: bool | None) -> None:
    """What changed on the wire between two extractions or APKs (or two versions of one): exit 0 same, 1 changed, 2 error."""
    from .diff.changes import diff_snapshots, diff_versions
    from .diff.report import json_report, markdown_report, text_report

    old_snapshot = _release_snapshot(old)
    if versions:
        if new is not None:
            raise InputError("give either NEW or --versions, not both")
        missing = [version for version in versions if version not in old_snapshot.versions]
        if missing:
            raise InputError(f"{old}: has no version {', '.join(missing)} (it has {', '.join(old_snapshot.versions)})")
        changes = diff_versions(old_snapshot, *versions)
        labels = (f"{old_snapshot.label}:{versions[0]}", f"{old_snapshot.label}:{versions[1]}")
    else:
        if new is None:
            raise InputError("give NEW, or --versions to compare two versions of OLD")
        new_snapshot = _release_snapshot(new)
        changes = diff_snapshots(old_snapshot, new_snapshot)
        labels = (old_snapshot.label, new_snapshot.label)
    if output_format == "json":
        click.echo(json_report(changes, *labels))
    elif output_format == "markdown":
        say(markdown_report(changes, *labels), nl=False)
    else:
        # Styled: the report's own ANSI styles stay, the labels (versionNames, paths) are shown escaped.
        click.echo(text_report(changes, readable(labels[0]), readable(labels[1]), click.style), color=color)
    sys.exit(1 if changes else 0)


def _release_snapshot(path: Path) -> StoredExtraction:
    """A release whose schemas are not stored again is read from the folder its release index names."""
    from dataclasses import replace

    from .diff.snapshot import load_snapshot
    from .release.index import release_folder

    stored = release_folder(path)
    return load_snapshot(path) if stored is None else replace(load_snapshot(stored), label=path.name)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    "into",
    type=click.Path(path_type=Path),
    default=Path("generated_schemas"),
    show_default=True,
    help="Folder of the release history: releases go to INTO/<package>/<versionName>/.",
)
@click.option(
    "--site",
    "site_dir",
    type=click.Path(path_type=Path),
    help="Also write the reference site (`saic-asn1 docs`) of the newest release, with every release, here (SITE/<package>/ for several packages).",
)
@click.option(
    "--allow-test-apks",
    is_flag=True,
    help="Also add test builds (android:testOnly in the manifest, as the sample and test factory APKs are).",
)
def regenerate(inputs: tuple[Path, ...], into: Path, site_dir: Path | None, allow_test_apks: bool) -> None:
    """Add app releases (APKs, bundles, folders of them; any order) to INTO/<package>/: exit 0 unchanged, 1 changed.

    Each release is placed by versionCode and compared with the release before it; releases.json and
    CHANGELOG.md are rebuilt. Prints what changed as Markdown on stdout.
    """
    from .release.regenerate import regenerate as regenerate_releases

    def refuse_site_folders(packages: tuple[str, ...]) -> None:
        from .docs.site import refuse_site_folder

        for target in _site_folders(site_dir, packages).values():
            refuse_site_folder(target)

    result = regenerate_releases(
        list(inputs),
        into,
        allow_test_apks=allow_test_apks,
        check_other_outputs=refuse_site_folders if site_dir else None,
    )
    for message in result.messages:
        say(message, err=True)
    if site_dir is not None:
        from .docs.build import write_release_site

        for package, target in _site_folders(site_dir, result.packages).items():
            write_release_site(into / package, target)
            say(f"site of {package}: wrote {target}", err=True)
    if result.changed:
        say(result.summary, nl=False)
        sys.exit(1)


def _site_folders(site_dir: Path | None, packages: tuple[str, ...]) -> dict[str, Path]:
    """The site of one package goes to SITE_DIR, those of several to SITE_DIR/<package>."""
    assert site_dir is not None
    return {package: site_dir if len(packages) == 1 else site_dir / package for package in packages}


@main.command()
@SCHEMAS
@click.option(
    "--out", "-o", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder to write the site into."
)
@click.option(
    "--examples",
    "example_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Captured payloads to show decoded: hex files, folders of *.hex or a manifest (repeatable).",
)
@click.option(
    "--releases",
    "releases_folder",
    type=click.Path(path_type=Path),
    help="generated_schemas/<package>: a page per release and the changes between consecutive ones.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "markdown"]),
    default="html",
    show_default=True,
    help="html: a site to open from disk or publish; markdown: the same pages for a wiki or a repository.",
)
@click.option("--force", is_flag=True, help="Replace a non-empty folder that is not a site saic-asn1 wrote.")
@CATALOG_FILE
def docs(
    schema_folder: Path,
    out_dir: Path,
    example_paths: tuple[Path, ...],
    releases_folder: Path | None,
    output_format: str,
    force: bool,
    catalog_file: Path | None,
) -> None:
    """Write a protocol reference site (offline HTML or Markdown) from an extraction output."""
    from .docs.build import build_site
    from .docs.site import EXTENSIONS, write_site

    site = build_site(schema_folder, list(example_paths), releases_folder, _catalog(catalog_file, False))
    content, releases, undecoded = site.content, site.releases, site.undecoded
    files = write_site(site, output_format, out_dir, force=force)
    say(
        f"{counted(len(files), 'file')}: {counted(len(content.versions), 'version')},"
        f" {counted(content.type_count, 'type')}"
        + (f", {counted(content.example_count, 'example')} ({len(undecoded)} did not decode)" if example_paths else "")
        + (f", {counted(len(releases), 'release')}" if releases else "")
        + f"; open {out_dir / ('index.' + EXTENSIONS[output_format])}"
    )
    for item in undecoded:
        say(f"  not decoded: {readable(item.name)}: {readable(item.reason)}", err=True)


@main.command()
@click.argument("package_folder", type=click.Path(path_type=Path))
@click.option("--type", "type_name", help="The type whose history to show (its ASN.1 name).")
@click.option(
    "--path",
    "component",
    metavar="TYPE.COMPONENT",
    help="A component's history, e.g. Status.heading or Status.list[].item.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull request, json for scripts.",
)
def history(package_folder: Path, type_name: str | None, component: str | None, output_format: str) -> None:
    """Since which release: when a type or component appeared, changed and disappeared (exit 1: in no release).

    Without --type or --path, the timeline of all releases of PACKAGE_FOLDER (generated_schemas/<package>).
    """
    from .release.history import Subject, subject_history
    from .release.history_report import events_report, timeline_report
    from .release.index import require_index

    index = require_index(package_folder)
    if type_name is None and component is None:
        _report(timeline_report(index, output_format), output_format)
        return
    if component is None:
        subject = Subject(str(type_name))
    elif type_name is not None:
        subject = Subject(type_name, component.removeprefix(f"{type_name}."))
    else:
        owner, _, path = component.partition(".")
        if not path:
            raise click.UsageError(f"--path {component}: expected TYPE.COMPONENT")
        subject = Subject(owner, path)
    events = subject_history(index, package_folder, subject)
    if not events:
        say(f"saic-asn1: {subject} is in no release of {index.package}", err=True)
        sys.exit(1)
    _report(events_report(index, subject, events, output_format), output_format)
