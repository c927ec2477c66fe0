"""Hand-written smali for inputs the factory refuses to make: unknown annotations, missing classes, odd names."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

from tests.factory.apk import apk_bytes
from tests.factory.axml import manifest_bytes

ENTITY = "com/saicmotor/telematics/tsgp/otaadapter/mp/v2_1/entity/misc"
ANNOTATIONS = "com/saicmotor/telematics/tsgp/otaadapter/asn/annotations"


def sequence_class(simple_name: str, annotation_name: str, fields: str = "") -> str:
    return f"""
.class public L{ENTITY}/{simple_name};
.super Ljava/lang/Object;
.annotation runtime L{ANNOTATIONS}/ASN1Sequence;
    name = "{annotation_name}"
.end annotation
{fields}
"""


def field(java_name: str, asn1_name: str, descriptor: str, tag: int, *annotations: str) -> str:
    extra = "".join(
        f"    .annotation runtime L{ANNOTATIONS}/{annotation};\n    .end annotation\n" for annotation in annotations
    )
    return f""".field public {java_name}:{descriptor}
    .annotation runtime L{ANNOTATIONS}/ASN1Element;
        name = "{asn1_name}"
        isOptional = false
        hasTag = true
        tag = {tag}
    .end annotation
{extra}.end field
"""


def integer_field(java_name: str, asn1_name: str, tag: int) -> str:
    return field(java_name, asn1_name, "Ljava/lang/Long;", tag, "ASN1Integer")


def reference_field(java_name: str, asn1_name: str, simple_name: str, tag: int) -> str:
    return field(java_name, asn1_name, f"L{ENTITY}/{simple_name};", tag)


def build_apk(classes: dict[str, str], folder: Path, name: str = "crafted.apk") -> Path:
    """Assemble the smali classes into classes.dex and wrap it in an APK with a manifest."""
    tree = folder / f"{name}.smali"
    tree.mkdir(parents=True)
    for index, source in enumerate(classes.values()):
        (tree / f"C{index}.smali").write_text(source)
    dex = folder / f"{name}.dex"
    subprocess.run(["smali", "assemble", "--jobs", "1", "-o", str(dex), str(tree)], check=True, capture_output=True)
    apk = folder / name
    apk.write_bytes(
        apk_bytes(
            {"AndroidManifest.xml": manifest_bytes("com.example.crafted", 1, "1.0"), "classes.dex": dex.read_bytes()}
        )
    )
    return apk


def with_checksum(dex: bytes) -> bytes:
    """The dex with its adler32 checksum recomputed, so damage is judged by structure, not by checksum."""
    return dex[:8] + struct.pack("<I", zlib.adler32(dex[12:])) + dex[12:]
