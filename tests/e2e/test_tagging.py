"""The extracted modules encode like the app's BinaryNotes PER coder, whatever tagging the app declares.

What the coder does (BinaryNotes `org.bn.coders.per.PERAlignedEncoder`, which the unaligned encoder
extends, and `org.bn.coders.CoderUtils.getSetOrder`): a CHOICE is encoded as the 1-based position of
the selected field among the class's declared fields, a constrained whole number in 1..N, then the
alternative; a SET is encoded in the order of its fields' `ASN1Element` tags. X.691 instead numbers
CHOICE alternatives and orders SET components by the canonical order of their tags, which under
IMPLICIT TAGS are the universal tags (BOOLEAN 1, INTEGER 2, IA5String 22), not the written order.

The expected bytes below are worked out by hand from those rules and X.691's unaligned encodings.
"""

from __future__ import annotations

import json

import asn1tools
import pytest

from extractor.schema.extract import extract
from tests.factory import FactoryOptions, ModuleSource, build_apk

# Slow (left out of `make test-fast`): builds APKs with the test-APK factory.
pytestmark = pytest.mark.slow

MODULE_CLASS = "com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.PickModule"

# Universal tags in written order 22, 1, 2: canonical order would be flag, count, name.
TEXT = """PickModule DEFINITIONS {tagging} TAGS ::= BEGIN
Pick ::= CHOICE {{ name IA5String, flag BOOLEAN, count INTEGER(0..255) }}
Pair ::= SET {{ name IA5String, flag BOOLEAN }}
END"""

# (type, value, bytes the app sends)
WIRE = [
    # Position 2 of 3 → 2-bit field 01, then TRUE → 1: 011 padded → 0110 0000.
    ("Pick", ("flag", True), "60"),
    # Position 3 → 10, then 5 in 8 bits 00000101: 1000 0001 01 padded → 81 40.
    ("Pick", ("count", 5), "8140"),
    # Position 1 → 00, length 1 in 8 bits, "A" in 7 bits 1000001: 00 00000001 1000001 → 00 60 80.
    ("Pick", ("name", "A"), "006080"),
    # Tag order name (tag 0), flag (tag 1): 00000001 1000001 then 1 → 01 83 (X.691 canonical order: 80 C1).
    ("Pair", {"name": "A", "flag": True}, "0183"),
]


@pytest.fixture(scope="module", params=["IMPLICIT", "AUTOMATIC", "EXPLICIT"])
def extracted(request):
    source = ModuleSource("v2_1", TEXT.format(tagging=request.param))
    result = extract([build_apk([source], FactoryOptions(module_classes=True, foreign_annotations=True))])
    return request.param, result


def test_the_declared_module_and_its_tagging_are_recorded(extracted):
    tagging, result = extracted
    declared = json.loads(result.files["index.json"])["declared_modules"]
    assert declared == {
        "v2_1": [{"name": "PickModule", "java_class": MODULE_CLASS, "isImplicitTags": tagging == "IMPLICIT"}]
    }
    assert result.extraction.warnings == ()


@pytest.mark.parametrize(("type_name", "value", "wire"), WIRE)
def test_uper_matches_the_apps_coder(extracted, type_name, value, wire):
    _, result = extracted
    spec = asn1tools.compile_string(result.files["v2_1/ApplicationData.asn1"], "uper")
    assert spec.encode(type_name, value).hex() == wire
    assert spec.decode(type_name, bytes.fromhex(wire)) == value
