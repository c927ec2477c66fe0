"""Output step: validated files → an output folder, atomically (temporary folder, then rename)."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..errors import InputError, OutputError
from ..model import AppMetadata, DeclaredModule, Extraction

INDEX_FILE = "index.json"
GENERATOR = "saic-asn1"
# A name from the APK (package, versionName, protocol version, module file) that becomes a file or folder name.
SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
# What every type entry of index.json has.
TYPE_KEYS = ("version", "module", "file", "name", "java_class", "kind")


def index_document(extraction: Extraction) -> str:
    """`index.json`: the input, the modules the app declares per version and, for every Java class, where
    its type landed and under which name."""
    types = []
    for protocol_version in extraction.versions:
        for module in protocol_version.modules:
            kinds = {assignment.java_class: assignment.kind for assignment in module.assignments}
            merged = dict(module.merged_classes)
            for java_class, name in sorted(module.names_by_class().items()):
                entry = {
                    "version": protocol_version.version,
                    "module": module.name,
                    "file": f"{protocol_version.version}/{module.file_name}",
                    "name": name,
                    "java_class": java_class,
                    "kind": kinds[merged.get(java_class, java_class)],
                }
                if java_class in merged:
                    entry["merged_into"] = merged[java_class]
                types.append(entry)
    document = {
        "generator": GENERATOR,
        "generator_version": __version__,
        "input": app_document(extraction.app),
        "versions": [protocol_version.version for protocol_version in extraction.versions],
        "declared_modules": declared_modules_document(extraction),
        "warnings": list(extraction.warnings),
        "types": types,
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def app_document(app: AppMetadata) -> dict[str, str | int | bool | None]:
    """The input's fields as `index.json` (under `input`) and `inspect --format json` name them."""
    return {
        "file": app.source_name,
        "sha256": app.sha256,
        "package": app.package,
        "versionName": app.version_name,
        "versionCode": app.version_code,
        "testOnly": app.test_only,
    }


def declared_modules_document(extraction: Extraction) -> dict[str, list[dict[str, object]]]:
    """Per version (every extracted one, and any other that declares modules): the app's module classes."""
    versions = {protocol_version.version for protocol_version in extraction.versions}
    versions.update(module.version for module in extraction.declared_modules)
    return {version: declared_modules_list(extraction.declared_in(version)) for version in sorted(versions)}


def declared_modules_list(modules: tuple[DeclaredModule, ...]) -> list[dict[str, object]]:
    """The JSON form of declared modules, as `index.json` and `inspect --format json` write them."""
    return [
        {"name": module.name, "java_class": module.java_class, "isImplicitTags": module.implicit_tags}
        for module in modules
    ]


def safe_segment(value: str, what: str, where: Path, used_as: str = "file name") -> str:
    """`value` if it is a plain file or folder name; else an InputError naming `where` and `what`."""
    if not SAFE_SEGMENT.fullmatch(value):
        raise InputError(f"{where}: {what} {value!r} is not usable as a {used_as}")
    return value


def read_texts(folder: Path) -> dict[str, str]:
    """The files of an extraction output: `index.json` (when there is one) and every `<version>/*.asn1`,
    relative path → text. Anything else in the folder (a generated client under `python/`) is not read."""
    paths = sorted([folder / INDEX_FILE, *folder.glob("*/*.asn1")])
    files = {}
    for path in paths:
        if not path.is_file():
            continue
        try:
            files[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    return files


def is_our_output(folder: Path) -> bool:
    try:
        document = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and document.get("generator") == GENERATOR


def refuse_folder(out_dir: Path, force: bool = False, is_ours: Callable[[Path], bool] = is_our_output) -> None:
    """Raise the OutputError `write_folder` would refuse `out_dir` with, writing nothing (to check every
    output of a command before the first is written)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force and not is_ours(out_dir):
        raise OutputError(f"{out_dir}: folder is not empty and was not written by saic-asn1 (use --force)")
    for ancestor in out_dir.absolute().parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise OutputError(f"{ancestor}: exists and is not a folder")
            break


def write_folder(
    out_dir: Path, files: dict[str, str], force: bool = False, is_ours: Callable[[Path], bool] = is_our_output
) -> None:
    """Replace `out_dir` with exactly `files` (relative path → text), or leave it untouched on failure.

    A non-empty folder is replaced only when `is_ours` recognises it (or with `force`)."""
    refuse_folder(out_dir, force, is_ours)
    parent = out_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{parent}: cannot create folder: {error.strerror}") from None
    staging = parent / f".{out_dir.name}.tmp-{os.getpid()}"
    retired = parent / f".{out_dir.name}.old-{os.getpid()}"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        for relative, text in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        if out_dir.exists():
            out_dir.rename(retired)
        staging.rename(out_dir)
    except BaseException as error:  # a failed write or a Ctrl-C: no half-written folder stays behind
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not out_dir.exists():
            retired.rename(out_dir)
        if isinstance(error, OSError):
            raise OutputError(f"{out_dir}: cannot write: {error.strerror or error}") from None
        raise
    shutil.rmtree(retired, ignore_errors=True)
