"""Structure-preserving dex mutations: bytes changed inside the data items a parser must decode, then signed.

A random byte of a dex mostly lands where the reader never looks, and a changed dex fails at its
checksum long before any parser runs. These mutations pick an item section from the map list
(strings, annotations, encoded arrays, class data, code, type lists, the map list itself), change
bytes there, keep the length, and recompute the SHA-1 signature and the adler32 checksum, so the
damage is judged by the parser.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from extractor.errors import InputError
from extractor.read.dex import TARGET_PREFIXES
from extractor.read.dex_check import check_dex
from extractor.read.dex_scan import class_descriptors

# Map item types whose bytes the dex reader decodes (dex format, "Type codes").
MUTATED_ITEM_TYPES = {
    0x1000: "map_list",
    0x1001: "type_list",
    0x1003: "annotation_set_item",
    0x2000: "class_data_item",
    0x2001: "code_item",
    0x2002: "string_data_item",
    0x2004: "annotation_item",
    0x2005: "encoded_array_item",
    0x2006: "annotations_directory_item",
}
# Bytes that sit on the edges of ULEB128, value-type and size encodings.
EDGE_BYTES = (0x00, 0x01, 0x1C, 0x1D, 0x7F, 0x80, 0xFF)
MAP_OFFSET = 52
MAP_ITEM = struct.Struct("<HHII")


@dataclass(frozen=True)
class Section:
    name: str
    start: int
    end: int


def mutable_sections(dex: bytes) -> list[Section]:
    """The byte ranges of the mutated item types, each from its map entry to the next section's start."""
    (map_offset,) = struct.unpack_from("<I", dex, MAP_OFFSET)
    (count,) = struct.unpack_from("<I", dex, map_offset)
    entries = sorted(MAP_ITEM.unpack_from(dex, map_offset + 4 + index * MAP_ITEM.size) for index in range(count))
    starts = sorted({offset for _, _, _, offset in entries} | {len(dex)})
    sections = []
    for item_type, _, _, offset in entries:
        if item_type in MUTATED_ITEM_TYPES:
            end = next(start for start in starts if start > offset)
            sections.append(Section(MUTATED_ITEM_TYPES[item_type], offset, end))
    return sorted(sections, key=lambda section: section.start)


def signed(dex: bytes) -> bytes:
    """The dex with its SHA-1 signature (of bytes 32…) and then its adler32 checksum (of bytes 12…) recomputed."""
    with_signature = dex[:12] + hashlib.sha1(dex[32:]).digest() + dex[32:]
    return with_signature[:8] + struct.pack("<I", zlib.adler32(with_signature[12:])) + with_signature[12:]


def mutate_dex(dex: bytes, sections: list[Section], changes: list[tuple[int, int, int]]) -> bytes:
    """Each change `(section index, position, byte)` sets one byte inside that section; the result is signed."""
    mutable = bytearray(dex)
    for section_index, position, value in changes:
        section = sections[section_index % len(sections)]
        mutable[section.start + position % (section.end - section.start)] = value
    return signed(bytes(mutable))


def replaced_entries(apk: bytes, replacements: dict[str, bytes]) -> dict[str, bytes]:
    """Every entry of the APK, with the given ones replaced, ready to be zipped again with fresh CRCs."""
    with zipfile.ZipFile(io.BytesIO(apk)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return entries | replacements


def reaches_dex_parser(name: str, dex: bytes) -> bool:
    """Whether the reader's cheap checks pass and the dex holds target classes, so androguard will parse it."""
    try:
        check_dex(name, dex)
        return any(descriptor.startswith(TARGET_PREFIXES) for descriptor in class_descriptors(name, dex))
    except InputError:
        return False
