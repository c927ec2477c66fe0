"""`saic-asn1 inspect`: what an input (APK, bundle, dex files) or an extraction output folder holds, as a
report with a text and a JSON form."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import AppMetadata
from ..read.dex import read_classes
from ..read.inputs import load_input
from ..wire.runtime.readable import readable
from ..wording import counted
from .interpret import VersionCensus, census
from .output import INDEX_FILE, app_document, declared_modules_list
from .stored import read_index

# The app fields of the JSON form, as index.json names them under `input`.
APP_KEYS = ("file", "sha256", "package", "versionName", "versionCode", "testOnly")
NO_VERSIONS = "versions     none (no com.saicmotor.telematics.tsgp.otaadapter.mp.<version> classes)"


@dataclass(frozen=True)
class InputInventory:
    """The app metadata of an input, its dex files and, per version package, its classes and declared modules."""

    app: AppMetadata
    dex_files: tuple[str, ...]
    versions: dict[str, VersionCensus]

    def document(self) -> dict[str, Any]:
        return {
            **app_document(self.app),
            "dex_files": list(self.dex_files),
            "versions": {
                version: {
                    "classes": count.classes,
                    "types": count.types,
                    "plain_classes": count.plain_classes,
                    "declared_modules": declared_modules_list(count.modules),
                }
                for version, count in self.versions.items()
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.document(), indent=2)

    def to_text(self) -> str:
        lines = _app_lines(self.document()) + [f"dex files    {len(self.dex_files)}"]
        if not self.versions:
            lines.append(NO_VERSIONS)
        else:
            lines.append(
                "per version package: its classes, the ASN.1 types declared in it, its plain classes and modules"
            )
        for version, count in self.versions.items():
            lines.append(
                f"  {version:<8} {counted(count.classes, 'class', 'classes', 5)},"
                f" {counted(count.types, 'ASN.1 type', width=5)},"
                f" {counted(count.plain_classes, 'plain class', 'plain classes', 3)}"
            )
            lines += _declared_lines(declared_modules_list(count.modules))
        return "\n".join(lines)


@dataclass(frozen=True)
class OutputVersion:
    # Module file name → how many ASN.1 types it holds, in the order of index.json.
    modules: dict[str, int]
    declared_modules: list[dict[str, Any]]


@dataclass(frozen=True)
class OutputInventory:
    """An extraction output folder from its index.json: the input it came from, and per version its types."""

    folder: Path
    # The `input` object of index.json, as written there.
    source: dict[str, Any]
    versions: dict[str, OutputVersion]

    def document(self) -> dict[str, Any]:
        return {
            "extraction": str(self.folder),
            **{key: self.source.get(key) for key in APP_KEYS},
            "versions": {
                version: {
                    "types": sum(summary.modules.values()),
                    "modules": summary.modules,
                    "declared_modules": summary.declared_modules,
                }
                for version, summary in self.versions.items()
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.document(), indent=2)

    def to_text(self) -> str:
        lines = [f"extraction   {self.folder}"] + _app_lines(self.document())
        lines.append("per version: the ASN.1 types in its modules, the modules the app declares")
        for version, summary in self.versions.items():
            modules = ", ".join(f"{name} {count}" for name, count in summary.modules.items())
            lines.append(f"  {version:<8} {counted(sum(summary.modules.values()), 'ASN.1 type', width=5)} ({modules})")
            lines += _declared_lines(summary.declared_modules)
        return "\n".join(lines)


def inventory(inputs: list[Path], max_dex_bytes: int) -> InputInventory | OutputInventory:
    """The report of an extraction output folder when `inputs` is one, else of the input files."""
    if len(inputs) == 1 and (inputs[0] / INDEX_FILE).is_file():
        return output_inventory(inputs[0])
    loaded = load_input(inputs, max_dex_bytes)
    classes = read_classes(loaded.dex_files)
    return InputInventory(
        loaded.metadata, tuple(dex_file.name for dex_file in loaded.dex_files), census(list(classes.records))
    )


def output_inventory(folder: Path) -> OutputInventory:
    index = read_index(folder)
    counts: dict[str, Counter[str]] = {}
    for entry in index.types():
        counts.setdefault(entry.version, Counter())[entry.file_name] += 1
    return OutputInventory(
        folder,
        app_document(index.app),
        {
            version: OutputVersion(dict(modules), declared_modules_list(index.declared_in(version)))
            for version, modules in sorted(counts.items())
        },
    )


def _app_lines(document: dict[str, Any]) -> list[str]:
    """The manifest's values are the app's: shown escaped, so a CR or LF in versionName forges no line."""
    return [
        f"{label:<13}{readable(str(document[key] or 'unknown'))}"
        for label, key in (
            ("file", "file"),
            ("sha256", "sha256"),
            ("package", "package"),
            ("versionName", "versionName"),
            ("versionCode", "versionCode"),
        )
    ] + (["testOnly     yes: a test build, not an app release"] if document.get("testOnly") else [])


def _declared_lines(modules: list[dict[str, Any]]) -> list[str]:
    """The declared modules of one version, by tagging, on one line each (their Java classes are in JSON)."""
    lines = []
    for implicit, tagging in ((True, "IMPLICIT TAGS"), (False, "AUTOMATIC or EXPLICIT TAGS")):
        names = [module["name"] for module in modules if module["isImplicitTags"] is implicit]
        if names:
            lines.append(f"{'':13}modules with {tagging}: {readable(', '.join(names))}")
    return lines
