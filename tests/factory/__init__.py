"""Test-APK factory: builds APKs shaped like the iSmart app from ASN.1 text (ASN.1 -> smali -> dex -> APK)."""

from .build import build_apk, build_dex_files
from .spec import FactoryError, FactoryOptions, ModuleSource, TypePlacement

__all__ = ["FactoryError", "FactoryOptions", "ModuleSource", "TypePlacement", "build_apk", "build_dex_files"]
