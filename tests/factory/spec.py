"""Inputs of the test-APK factory: which ASN.1 modules, where their types live, how the APK looks."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# Bump when the factory's output changes for the same inputs, so cached builds are not reused.
FORMAT_VERSION = 2

VERSION_PACKAGE_PREFIX = "com.saicmotor.telematics.tsgp.otaadapter.mp"
ANNOTATIONS_PACKAGE = "com.saicmotor.telematics.tsgp.otaadapter.asn.annotations"
CONSTRAINTS_PACKAGE = f"{ANNOTATIONS_PACKAGE}.constraints"

_VERSION_PATTERN = re.compile(r"v\d+_\d+")
_JAVA_CLASS_PATTERN = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+")


class FactoryError(Exception):
    """The factory cannot build the requested APK (unsupported ASN.1, conflicting placements, smali failed)."""


@dataclass(frozen=True)
class TypePlacement:
    java_class: str
    annotation_name: str

    def __post_init__(self) -> None:
        if not _JAVA_CLASS_PATTERN.fullmatch(self.java_class):
            raise FactoryError(f"not a fully qualified Java class name: {self.java_class!r}")


@dataclass(frozen=True)
class ModuleSource:
    version: str
    asn1_text: str
    placements: Mapping[str, TypePlacement] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _VERSION_PATTERN.fullmatch(self.version):
            raise FactoryError(f"protocol version must look like 'v1_1', got {self.version!r}")

    def placement_of(self, type_name: str) -> TypePlacement:
        return self.placements.get(type_name) or default_placement(self.version, type_name)


@dataclass(frozen=True)
class FactoryOptions:
    tags: bool = True
    init_stores: bool = True
    annotation_interfaces: bool = True
    explicit_defaults: bool = False
    dex_count: int = 1
    # How many dex files after classes.dex hold the message classes; 0 spreads them over all of them.
    message_dex_count: int = 0
    filler_classes: int = 0
    package: str = "com.saicmotor.ismart.test"
    version_code: int = 1
    version_name: str = "1.0.0"
    manifest: bool = True
    # The factory's APKs are made up: `<application android:testOnly="true">` says so, as Android's test builds do.
    test_only: bool = True
    # One class per ASN.1 module carrying only ASN1Module(name, isImplicitTags), as the BinaryNotes generator writes.
    module_classes: bool = False
    # androidx Keep, Kotlin Metadata, Gson SerializedName, JSR-305 Nullable on message classes and fields.
    foreign_annotations: bool = False
    # One helper class per module in the version's `entity.util` package, without any ASN.1 annotation.
    plain_classes: bool = False

    def __post_init__(self) -> None:
        if self.dex_count < 1:
            raise FactoryError(f"dex_count must be at least 1, got {self.dex_count}")
        if not 0 <= self.message_dex_count < self.dex_count:
            raise FactoryError(f"message_dex_count must be 0..{self.dex_count - 1}, got {self.message_dex_count}")
        if self.filler_classes < 0:
            raise FactoryError(f"filler_classes must not be negative, got {self.filler_classes}")


def version_package(version: str) -> str:
    return f"{VERSION_PACKAGE_PREFIX}.{version}"


def module_class_name(version: str, module_name: str) -> str:
    """Where the BinaryNotes generator puts a module's class: named after the module, in the version's entity package."""
    return f"{version_package(version)}.entity.{module_name.replace('-', '_')}"


def default_placement(version: str, type_name: str) -> TypePlacement:
    area = "dispatcher" if type_name.startswith(("MP_Dispatcher", "MPDispatcher")) else "misc"
    java_name = type_name.replace("-", "_")  # ASN.1 allows '-' in type names, Java does not
    return TypePlacement(f"{version_package(version)}.entity.{area}.{java_name}", type_name)
