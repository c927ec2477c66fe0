"""Reads package, versionName and versionCode from a binary AndroidManifest.xml (AXML)."""

from __future__ import annotations

from androguard.core.axml import AXMLPrinter
from loguru import logger

ANDROID_NAMESPACE = "{http://schemas.android.com/apk/res/android}"

logger.disable("androguard")


def read_manifest(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """(package, versionName, versionCode); None for what the manifest does not say or cannot be parsed."""
    try:
        printer = AXMLPrinter(raw)
        root = printer.get_xml_obj() if printer.is_valid() else None
    except Exception:  # androguard raises many unrelated types on garbage; metadata is optional
        return (None, None, None)
    if root is None or root.tag != "manifest":
        return (None, None, None)
    return (
        root.get("package"),
        root.get(ANDROID_NAMESPACE + "versionName"),
        root.get(ANDROID_NAMESPACE + "versionCode"),
    )
