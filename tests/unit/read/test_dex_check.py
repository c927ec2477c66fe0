import struct

import pytest

from extractor.errors import InputError
from extractor.read.dex_check import check_dex
from tests.factory import ModuleSource, build_dex_files
from tests.hostile.crafted import with_checksum

MODULE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Ping ::= SEQUENCE { counter INTEGER(0..255) }
END"""


@pytest.fixture(scope="module")
def dex() -> bytes:
    (path,) = build_dex_files([ModuleSource("v2_1", MODULE)])
    return path.read_bytes()


def patched(data: bytes, offset: int, value: int) -> bytes:
    return with_checksum(data[:offset] + struct.pack("<I", value) + data[offset + 4 :])


def map_item_offset(data: bytes, item_type: int) -> int:
    (map_offset,) = struct.unpack_from("<I", data, 52)
    (count,) = struct.unpack_from("<I", data, map_offset)
    for index in range(count):
        position = map_offset + 4 + 12 * index
        if struct.unpack_from("<H", data, position)[0] == item_type:
            return position
    raise AssertionError(f"no map item 0x{item_type:x}")


def test_a_sound_dex_passes(dex):
    check_dex("classes.dex", dex)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[:100], "truncated header"),
        (lambda d: d[:500] + b"\xff" + d[501:], "checksum mismatch"),
        (lambda d: with_checksum(d + b"\0"), "header says"),
        (lambda d: patched(d, 36, 0x80), "unexpected header size"),
        (lambda d: patched(d, 56, 10**6), "string_ids section lies outside the file"),
        (lambda d: patched(d, 52, len(d) + 8), "map list outside the file"),
        (
            lambda d: patched(d, map_item_offset(d, 0x2002) + 4, struct.unpack_from("<I", d, 56)[0] + 1),
            "map item 0x2002 says",
        ),
        (lambda d: patched(d, map_item_offset(d, 0x2001) + 8, len(d) + 1), "map item 0x2001"),
    ],
)
def test_damage_is_reported_before_parsing(dex, damage, message):
    with pytest.raises(InputError, match=message) as caught:
        check_dex("classes.dex", damage(dex))
    assert str(caught.value).startswith("classes.dex: corrupt dex")
