"""Class names of a dex file from its header, string, type and class-def tables alone.

Parsing a whole dex with androguard costs seconds on an app-sized file; these four tables say which
classes a dex defines in milliseconds, so only the dex files that hold target classes get parsed.
"""

from __future__ import annotations

import struct

from ..errors import InputError

HEADER = struct.Struct("<8I")  # string_ids size/off, type_ids size/off, proto_ids size/off, field_ids size/off
CLASS_DEFS = struct.Struct("<2I")  # class_defs size/off
HEADER_TABLES_OFFSET = 56
CLASS_DEFS_OFFSET = 96
CLASS_DEF_SIZE = 32


def class_descriptors(name: str, data: bytes) -> list[bytes]:
    """The descriptor of every class the dex defines (`b"Lcom/x/Y;"`), in class-def order."""
    try:
        string_count, string_offset, type_count, type_offset = HEADER.unpack_from(data, HEADER_TABLES_OFFSET)[:4]
        class_count, class_offset = CLASS_DEFS.unpack_from(data, CLASS_DEFS_OFFSET)
        string_data = struct.unpack_from(f"<{string_count}I", data, string_offset)
        type_strings = struct.unpack_from(f"<{type_count}I", data, type_offset)
        class_types = struct.unpack_from(f"<{class_count * 8}I", data, class_offset)[::8]
        return [string_bytes(data, string_data[type_strings[type_index]]) for type_index in class_types]
    except (struct.error, IndexError) as error:
        raise InputError(f"{name}: corrupt dex (class table: {error})") from None


def string_bytes(data: bytes, offset: int) -> bytes:
    """The MUTF-8 bytes of a string_data_item: skip the ULEB128 length, read up to the NUL."""
    while data[offset] & 0x80:
        offset += 1
    end = data.index(b"\0", offset + 1)
    return data[offset + 1 : end]


def packages_of(descriptors: list[bytes]) -> set[str]:
    """`b"Lcom/x/Y;"` → `com.x`, for naming near misses (undecodable bytes become U+FFFD)."""
    prefixes = {descriptor[1:].rsplit(b"/", 1)[0] for descriptor in descriptors}
    return {prefix.decode("utf-8", "replace").replace("/", ".") for prefix in prefixes}
