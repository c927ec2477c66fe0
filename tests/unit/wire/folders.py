"""A schemas folder for the wire unit tests: one hand-written application-data module as version v1_1."""

from __future__ import annotations

from pathlib import Path

from extractor.wire.schemas import Schemas


def application_data_schemas(folder: Path, module: str) -> Schemas:
    (folder / "v1_1").mkdir()
    (folder / "v1_1" / "ApplicationData.asn1").write_text(module, encoding="utf-8")
    return Schemas(folder)
