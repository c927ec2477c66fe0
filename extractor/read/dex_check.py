"""Structural checks of a dex file before the dex reader trusts its tables.

A parser that trusts the header and the map list can be made to loop for minutes or read far past the
data by a hostile count. These checks cost microseconds and turn such files into a one-line error.
"""

from __future__ import annotations

import struct
import zlib

from ..errors import InputError

HEADER_SIZE = 0x70
ENDIAN_TAG = 0x12345678
# (name, offset of the size/offset pair in the header, bytes per item) of the header's sections.
HEADER_SECTIONS = (
    ("string_ids", 56, 4),
    ("type_ids", 64, 4),
    ("proto_ids", 72, 12),
    ("field_ids", 80, 8),
    ("method_ids", 88, 8),
    ("class_defs", 96, 32),
    ("data", 104, 1),
)
# Map item type → the header section whose count it must repeat.
MAP_TYPES_WITH_HEADER_COUNT = {0x0001: 56, 0x0002: 64, 0x0003: 72, 0x0004: 80, 0x0005: 88, 0x0006: 96, 0x2002: 56}
MAP_ITEM = struct.Struct("<HHII")


def check_dex(name: str, data: bytes) -> None:
    """Raise InputError naming the file when the dex's header, checksum or map list cannot be right."""
    if len(data) < HEADER_SIZE:
        raise InputError(f"{name}: corrupt dex (truncated header: {len(data)} bytes)")
    (checksum,) = struct.unpack_from("<I", data, 8)
    if zlib.adler32(data[12:]) != checksum:
        raise InputError(f"{name}: corrupt dex (checksum mismatch)")
    file_size, header_size, endian_tag = struct.unpack_from("<3I", data, 32)
    if file_size != len(data):
        raise InputError(f"{name}: corrupt dex (header says {file_size} bytes, file has {len(data)})")
    if header_size != HEADER_SIZE or endian_tag != ENDIAN_TAG:
        raise InputError(f"{name}: corrupt dex (unexpected header size or byte order)")
    for section, position, item_size in HEADER_SECTIONS:
        count, offset = struct.unpack_from("<2I", data, position)
        if count and offset + count * item_size > len(data):
            raise InputError(f"{name}: corrupt dex ({section} section lies outside the file)")
    _check_map(name, data)


def _check_map(name: str, data: bytes) -> None:
    (map_offset,) = struct.unpack_from("<I", data, 52)
    if map_offset + 4 > len(data):
        raise InputError(f"{name}: corrupt dex (map list outside the file)")
    (count,) = struct.unpack_from("<I", data, map_offset)
    if map_offset + 4 + count * MAP_ITEM.size > len(data):
        raise InputError(f"{name}: corrupt dex (map list of {count} items outside the file)")
    for index in range(count):
        item_type, _, size, offset = MAP_ITEM.unpack_from(data, map_offset + 4 + index * MAP_ITEM.size)
        if offset >= len(data) or size > len(data) - offset:
            raise InputError(f"{name}: corrupt dex (map item 0x{item_type:04x} of {size} items at 0x{offset:x})")
        if item_type in MAP_TYPES_WITH_HEADER_COUNT:
            (header_count,) = struct.unpack_from("<I", data, MAP_TYPES_WITH_HEADER_COUNT[item_type])
            if size != header_count:
                raise InputError(
                    f"{name}: corrupt dex (map item 0x{item_type:04x} says {size} items, header {header_count})"
                )
