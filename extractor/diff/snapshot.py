"""Extracted schemas as the diff reads them: parsed by asn1tools' parser, keyed by version and file.

A snapshot comes from an extraction output folder or, for an APK, from extracting it in memory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asn1tools

from ..errors import InputError
from ..schema.output import INDEX_FILE, read_texts


@dataclass(frozen=True)
class ModuleSchema:
    """One module file: parsed types by name, and the Java class of each name (empty when unknown)."""

    types: dict[str, Any]
    java_classes: dict[str, str]


@dataclass(frozen=True)
class Snapshot:
    label: str
    # version → module file name → module.
    versions: dict[str, dict[str, ModuleSchema]]


def load_snapshot(path: Path) -> Snapshot:
    """An extraction output folder, or an APK / bundle / dex extracted on the fly."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir() and ((path / INDEX_FILE).is_file() or any(path.glob("*/*.asn1"))):
        files = read_texts(path)
    else:
        # Imported here: extracting loads androguard, which comparing two output folders does not need.
        from ..schema.extract import extract

        files = extract([path]).files
    return snapshot_from_files(path.name or str(path), files)


def snapshot_from_files(label: str, files: dict[str, str]) -> Snapshot:
    classes_by_file: dict[str, dict[str, str]] = {}
    if INDEX_FILE in files:
        for entry in json.loads(files[INDEX_FILE]).get("types", []):
            if "merged_into" not in entry:
                classes_by_file.setdefault(entry["file"], {})[entry["name"]] = entry["java_class"]
    versions: dict[str, dict[str, ModuleSchema]] = {}
    for relative, text in sorted(files.items()):
        if not relative.endswith(".asn1") or relative.count("/") != 1:
            continue
        version, file_name = relative.split("/")
        try:
            parsed = asn1tools.parse_string(text)
        except asn1tools.ParseError as error:
            raise InputError(f"{label}/{relative}: not readable ASN.1: {' '.join(str(error).split())}") from None
        types = {name: type_ for module in parsed.values() for name, type_ in module["types"].items()}
        versions.setdefault(version, {})[file_name] = ModuleSchema(types, classes_by_file.get(relative, {}))
    if not versions:
        raise InputError(f"{label}: holds no <version>/*.asn1 schemas")
    return Snapshot(label, versions)
