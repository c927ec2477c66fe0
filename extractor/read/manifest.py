"""Reads package, versionName and versionCode from a binary AndroidManifest.xml (AXML)."""

from __future__ import annotations

from androguard.core.axml import AXMLPrinter

from . import quiet_androguard  # noqa: F401  (undoes what importing androguard does to our streams)

ANDROID_NAMESPACE = "{http://schemas.android.com/apk/res/android}"


def read_manifest(raw: bytes) -> tuple[str | None, str | None, int | None]:
    """(package, versionName, versionCode); None for what the manifest does not say or cannot be parsed."""
    try:
        printer = AXMLPrinter(raw)
        root = printer.get_xml_obj() if printer.is_valid() else None
    except Exception:  # noqa: BLE001 -- androguard raises many unrelated types on garbage; metadata is optional
        return (None, None, None)
    if root is None or root.tag != "manifest":
        return (None, None, None)
    version_code = root.get(ANDROID_NAMESPACE + "versionCode")
    return (
        root.get("package"),
        root.get(ANDROID_NAMESPACE + "versionName"),
        int(version_code) if version_code and version_code.isdecimal() else None,
    )
