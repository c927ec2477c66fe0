"""Deterministic APK (zip) writer: sorted entries, deflated, fixed timestamps and attributes."""

import io
import zipfile
from collections.abc import Mapping

_FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def apk_bytes(entries: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the host, so the bytes do not depend on it
            info.external_attr = 0o100644 << 16
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()
