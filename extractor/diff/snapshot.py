"""Extracted schemas as the diff reads them: one typed extraction (`schema.stored`), from an output folder
or, for an APK, from extracting it in memory; and the ASN.1 words of its `model` types that reports show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import (
    SIZED_TYPES,
    Constraint,
    IntegerType,
    Type,
    TypeReference,
)
from ..model import keyword as asn1_keyword
from ..schema.output import INDEX_FILE, read_texts
from ..schema.stored import StoredExtraction, StoredModule, constraint_text, load_files


def load_snapshot(path: Path) -> StoredExtraction:
    """An extraction output folder, or an APK / bundle / dex extracted in memory; labelled by its name."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir() and ((path / INDEX_FILE).is_file() or any(path.glob("*/*.asn1"))):
        files = read_texts(path)
    else:
        # Imported here: extracting loads androguard, which comparing two output folders does not need.
        from ..schema.extract import extract

        files = extract([path]).files
    return load_files(path.name or str(path), files)


def keyword(type_: Type, module: StoredModule) -> str:
    """What a type is called in ASN.1: its keyword, or the name a reference uses."""
    return module.name_of(type_) if isinstance(type_, TypeReference) else asn1_keyword(type_)


@dataclass(frozen=True)
class WrittenConstraint:
    """A constraint as the module writes it: `SIZE(…)` on sized types (and references to them), else `(…)`."""

    is_size: bool
    bounds: Constraint

    def text(self) -> str:
        return f"SIZE{constraint_text(self.bounds)}" if self.is_size else constraint_text(self.bounds)


def written_constraint(type_: Type, module: StoredModule) -> WrittenConstraint | None:
    if isinstance(type_, IntegerType):
        return None if type_.constraint is None else WrittenConstraint(False, type_.constraint)
    if isinstance(type_, SIZED_TYPES):
        return None if type_.size is None else WrittenConstraint(True, type_.size)
    if isinstance(type_, TypeReference) and type_.constraint is not None:
        return WrittenConstraint(isinstance(module.resolve(type_), SIZED_TYPES), type_.constraint)
    return None
