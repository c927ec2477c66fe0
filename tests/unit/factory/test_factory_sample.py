"""The sample spec: valid ASN.1, every construct the factory supports, and the committed sample APK up to date."""

import zipfile
from collections.abc import Iterator
from pathlib import Path

import asn1tools
import pytest
from androguard.core.apk import APK
from loguru import logger

from tests.factory import build_apk
from tests.factory.asn1_input import (
    AsnType,
    CollectionOf,
    Enumerated,
    Primitive,
    Reference,
    SingleValue,
    Structure,
    ValueRange,
    read_module,
)
from tests.sample.spec import ASN1_DIR, SAMPLE_OPTIONS, sample_modules

# Slow (left out of `make test-fast`): builds the sample APK with the test-APK factory.
pytestmark = pytest.mark.slow

logger.disable("androguard")

COMMITTED_SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "ismart-sample.apk"
REQUIRED_FEATURES = {
    "SEQUENCE",
    "SET",
    "CHOICE",
    "ENUMERATED with gaps",
    "inline SEQUENCE",
    "inline CHOICE",
    "inline ENUMERATED",
    "SEQUENCE OF named",
    "SET OF named",
    "SEQUENCE OF primitive",
    "SET OF primitive",
    "SEQUENCE OF constrained primitive",
    "SET OF constrained primitive",
    "SEQUENCE OF inline SEQUENCE",
    "SET OF inline SEQUENCE",
    "boxed INTEGER range",
    "boxed SEQUENCE OF",
    "boxed reference",
    "boxed NULL",
    "negative range",
    "64-bit range",
    "single value",
    "BOOLEAN",
    "REAL",
    "NULL",
    "OCTET STRING",
    "BIT STRING SIZE(8)",
    "IA5String",
    "UTF8String",
    "NumericString",
    "PrintableString",
    "VisibleString",
    "BMPString",
    "OBJECT IDENTIFIER",
    "ANY",
    "OPTIONAL",
    "DEFAULT int",
    "DEFAULT bool",
    "DEFAULT str",
    "DEFAULT enum",
    "DEFAULT OCTET STRING",
    "constrained reference",
}


def features(asn_type: AsnType, top_level: bool = False) -> Iterator[str]:
    match asn_type:
        case Structure(kind=kind, components=components):
            yield kind if top_level else f"inline {kind}"
            for component in components:
                yield from features(component.type)
                if component.optional:
                    yield "OPTIONAL"
                if component.default is not None:
                    value = component.default
                    is_enum = isinstance(component.type, (Reference, Enumerated))
                    kind_name = "enum" if is_enum else type(value).__name__
                    yield (
                        "DEFAULT OCTET STRING"
                        if getattr(component.type, "kind", "") == "OCTET STRING"
                        else f"DEFAULT {kind_name}"
                    )
        case Enumerated(items=items):
            yield "ENUMERATED with gaps" if [n for _, n in items] != list(range(len(items))) else "ENUMERATED"
            if not top_level:
                yield "inline ENUMERATED"
        case CollectionOf(is_set=is_set, element=element):
            collection = "SET OF" if is_set else "SEQUENCE OF"
            if isinstance(element, Reference):
                yield f"{collection} named"
            elif isinstance(element, Primitive):
                yield f"{collection} {'constrained ' if element.constraint else ''}primitive"
            elif isinstance(element, Structure):
                yield f"{collection} inline {element.kind}"
            yield from features(element)
        case Reference(constraint=constraint):
            if constraint is not None:
                yield "constrained reference"
        case Primitive(kind=kind, constraint=constraint):
            yield kind
            match constraint:
                case ValueRange(lower, _) if lower < 0:
                    yield "negative range"
                case ValueRange(_, upper) if upper >= 2**32:
                    yield "64-bit range"
                case SingleValue(8) if kind == "BIT STRING":
                    yield "BIT STRING SIZE(8)"
                case SingleValue() if kind == "INTEGER":
                    yield "single value"


def boxed_features(asn_type: AsnType) -> Iterator[str]:
    match asn_type:
        case Primitive(kind="INTEGER", constraint=ValueRange()):
            yield "boxed INTEGER range"
        case Primitive(kind="NULL"):
            yield "boxed NULL"
        case CollectionOf():
            yield "boxed SEQUENCE OF"
        case Reference():
            yield "boxed reference"


def test_every_sample_module_compiles_for_uper():
    for module in sample_modules():
        asn1tools.compile_string(module.asn1_text, "uper")


def test_every_asn1_file_is_part_of_the_sample():
    texts = {module.asn1_text for module in sample_modules()}
    files = sorted(ASN1_DIR.glob("*/*.asn1"))
    assert {path.parent.name for path in files} == {"v1_1", "v1_2", "v2_1", "v3_0"}
    assert {path.read_text(encoding="utf-8") for path in files} == texts
    assert len(sample_modules()) == len(files)


def test_the_sample_uses_every_supported_construct():
    found = set()
    for module in sample_modules():
        for asn_type in read_module(module).types.values():
            found |= set(features(asn_type, top_level=True)) | set(boxed_features(asn_type))
    assert REQUIRED_FEATURES - found == set()


def test_the_sample_places_types_like_the_app():
    placements = {
        (module.version, name): placement
        for module in sample_modules()
        for name, placement in module.placements.items()
    }
    body = placements["v2_1", "MPDispatcherBody"]
    assert body.java_class.endswith(".mp.v2_1.entity.dispatcher.MP_DispatcherBody")
    assert body.annotation_name == "MP_DispatcherBody"
    login = placements["v1_1", "MPUserLoggingInReq"]
    assert login.java_class.endswith(".mp.v1_1.entity.login.v2_1.MP_UserLoggingInReq")
    assert login.annotation_name == "mpUserLoggingInReq"
    assert ".mp.v1_2." in placements["v1_1", "Timestamp"].java_class
    areas = {placement.java_class.split(".entity.")[1].rsplit(".", 1)[0] for placement in placements.values()}
    assert {"dispatcher", "login", "login.v2_1", "vehicle", "remoteControl", "charging", "alarm", "message"} <= areas


def test_committed_sample_is_current_and_small():
    assert COMMITTED_SAMPLE.is_file(), "build it: python -m tests.factory.sample samples/ismart-sample.apk"
    assert COMMITTED_SAMPLE.stat().st_size < 300_000
    fresh = build_apk(sample_modules(), SAMPLE_OPTIONS)
    with zipfile.ZipFile(COMMITTED_SAMPLE) as committed, zipfile.ZipFile(fresh) as built:
        assert committed.namelist() == ["AndroidManifest.xml", "classes.dex", "classes2.dex", "classes3.dex"]
        assert {name: committed.read(name) for name in committed.namelist()} == {
            name: built.read(name) for name in built.namelist()
        }, "the committed sample is stale: python -m tests.factory.sample samples/ismart-sample.apk"
    apk = APK(str(COMMITTED_SAMPLE))
    assert (apk.get_package(), apk.get_androidversion_code(), apk.get_androidversion_name()) == (
        "com.saicmotor.ismart.sample",
        "100",
        "1.0.0-sample",
    )
