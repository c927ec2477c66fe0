"""Hand-written outputs for the diff unit tests: module bodies and, where a test needs Java classes, the
index.json `extract` writes beside them (one entry per type: its version, module file, name and Java class)."""

from __future__ import annotations

import json

from extractor.schema.output import INDEX_FILE
from extractor.schema.stored import StoredExtraction, load_files


def module(name: str, body: str) -> str:
    return f"{name} DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{body}\nEND\n"


def output(label: str, bodies: dict[str, str], classes: dict[tuple[str, str], str] | None = None) -> StoredExtraction:
    """`<version>/<Module>.asn1` → body; classes: (file, type name) → Java class, written as index.json."""
    files = {path: module(path.split("/")[1].removesuffix(".asn1"), body) for path, body in bodies.items()}
    if classes is not None:
        types = [
            {
                "version": file.split("/")[0],
                "module": file.split("/")[1].removesuffix(".asn1"),
                "file": file,
                "name": name,
                "java_class": java_class,
                "kind": "SEQUENCE",
            }
            for (file, name), java_class in classes.items()
        ]
        versions = sorted({file.split("/")[0] for file in bodies})
        files[INDEX_FILE] = json.dumps(
            {"input": {"file": "a.apk", "sha256": "0"}, "versions": versions, "types": types}
        )
    return load_files(label, files)
