"""Minimal binary AndroidManifest.xml (AXML) writer: manifest, uses-sdk and application elements."""

import struct
from dataclasses import dataclass

ANDROID_NAMESPACE = "http://schemas.android.com/apk/res/android"
MIN_SDK_VERSION = 21
TARGET_SDK_VERSION = 33

_XML, _STRING_POOL, _RESOURCE_MAP = 0x0003, 0x0001, 0x0180
_START_NAMESPACE, _END_NAMESPACE, _START_ELEMENT, _END_ELEMENT = 0x0100, 0x0101, 0x0102, 0x0103
_NO_INDEX = 0xFFFFFFFF
_TYPE_STRING, _TYPE_INT_DEC, _TYPE_INT_BOOLEAN = 0x03, 0x10, 0x12
# Android attribute resource ids; the resource map gives the first strings of the pool these meanings.
_ATTRIBUTE_IDS = {
    "versionCode": 0x0101021B,
    "versionName": 0x0101021C,
    "minSdkVersion": 0x0101020C,
    "targetSdkVersion": 0x01010270,
    "testOnly": 0x01010272,
}


@dataclass(frozen=True)
class _Attribute:
    name: str
    value: str | int | bool
    android: bool = True


def manifest_bytes(package: str, version_code: int, version_name: str, test_only: bool = True) -> bytes:
    """A manifest; `test_only` marks the app `android:testOnly`, Android's flag for a build that is not a release."""
    strings = _StringPool(list(_ATTRIBUTE_IDS))
    elements = [
        (
            "manifest",
            [
                _Attribute("versionCode", version_code),
                _Attribute("versionName", version_name),
                _Attribute("package", package, android=False),
            ],
        ),
        (
            "uses-sdk",
            [_Attribute("minSdkVersion", MIN_SDK_VERSION), _Attribute("targetSdkVersion", TARGET_SDK_VERSION)],
        ),
        ("application", [_Attribute("testOnly", True)] if test_only else []),
    ]
    prefix, uri = strings.index("android"), strings.index(ANDROID_NAMESPACE)
    nodes = [_node(_START_NAMESPACE, 1, struct.pack("<II", prefix, uri))]
    for line, (name, attributes) in enumerate(elements, start=1):
        nodes.append(_start_element(strings, line, name, attributes, uri))
        if name != "manifest":
            nodes.append(_node(_END_ELEMENT, line, struct.pack("<II", _NO_INDEX, strings.index(name))))
    nodes.append(_node(_END_ELEMENT, len(elements), struct.pack("<II", _NO_INDEX, strings.index("manifest"))))
    nodes.append(_node(_END_NAMESPACE, len(elements), struct.pack("<II", prefix, uri)))
    resource_map = _chunk(_RESOURCE_MAP, b"", struct.pack(f"<{len(_ATTRIBUTE_IDS)}I", *_ATTRIBUTE_IDS.values()))
    return _chunk(_XML, b"", strings.chunk() + resource_map + b"".join(nodes))


class _StringPool:
    def __init__(self, initial: list[str]) -> None:
        self._strings = list(initial)

    def index(self, text: str) -> int:
        if text not in self._strings:
            self._strings.append(text)
        return self._strings.index(text)

    def chunk(self) -> bytes:
        data, offsets = b"", []
        for text in self._strings:
            offsets.append(len(data))
            encoded = text.encode("utf-16-le")
            data += _utf16_length(len(encoded) // 2) + encoded + b"\0\0"
        data += b"\0" * (-len(data) % 4)
        count = len(self._strings)
        header = struct.pack("<IIIII", count, 0, 0, 28 + 4 * count, 0)
        return _chunk(_STRING_POOL, header, struct.pack(f"<{count}I", *offsets) + data)


def _utf16_length(units: int) -> bytes:
    if units < 0x8000:
        return struct.pack("<H", units)
    return struct.pack("<HH", 0x8000 | (units >> 16), units & 0xFFFF)


def _start_element(strings: _StringPool, line: int, name: str, attributes: list[_Attribute], uri: int) -> bytes:
    body = b""
    for attribute in attributes:
        namespace = uri if attribute.android else _NO_INDEX
        if isinstance(attribute.value, bool):
            raw, data_type, data = _NO_INDEX, _TYPE_INT_BOOLEAN, 0xFFFFFFFF if attribute.value else 0
        elif isinstance(attribute.value, int):
            raw, data_type, data = _NO_INDEX, _TYPE_INT_DEC, attribute.value & 0xFFFFFFFF
        else:
            raw = data = strings.index(attribute.value)
            data_type = _TYPE_STRING
        body += struct.pack("<IIIHBBI", namespace, strings.index(attribute.name), raw, 8, 0, data_type, data)
    extension = struct.pack("<IIHHHHHH", _NO_INDEX, strings.index(name), 20, 20, len(attributes), 0, 0, 0)
    return _node(_START_ELEMENT, line, extension + body)


def _node(chunk_type: int, line: int, body: bytes) -> bytes:
    return _chunk(chunk_type, struct.pack("<II", line, _NO_INDEX), body)


def _chunk(chunk_type: int, extra_header: bytes, body: bytes) -> bytes:
    header_size = 8 + len(extra_header)
    return struct.pack("<HHI", chunk_type, header_size, header_size + len(body)) + extra_header + body
