"""Reads package, versionName, versionCode and testOnly from a binary AndroidManifest.xml (AXML)."""

from __future__ import annotations

from typing import NamedTuple

from androguard.core.axml import AXMLPrinter

from . import quiet_androguard  # noqa: F401  (undoes what importing androguard does to our streams)

ANDROID_NAMESPACE = "{http://schemas.android.com/apk/res/android}"


class Manifest(NamedTuple):
    package: str | None
    version_name: str | None
    version_code: int | None
    # `<application android:testOnly="true">`: Android's mark of a build for testing, which app stores refuse.
    test_only: bool


UNREADABLE = Manifest(None, None, None, False)


def read_manifest(raw: bytes) -> Manifest:
    """The manifest's fields; None (and not test-only) for what it does not say or cannot be parsed."""
    try:
        printer = AXMLPrinter(raw)
        root = printer.get_xml_obj() if printer.is_valid() else None
    except Exception:  # noqa: BLE001 -- androguard raises many unrelated types on garbage; metadata is optional
        return UNREADABLE
    if root is None or root.tag != "manifest":
        return UNREADABLE
    version_code = root.get(ANDROID_NAMESPACE + "versionCode")
    application = root.find("application")
    return Manifest(
        root.get("package"),
        root.get(ANDROID_NAMESPACE + "versionName"),
        int(version_code) if version_code and version_code.isdecimal() else None,
        application is not None and application.get(ANDROID_NAMESPACE + "testOnly") == "true",
    )
