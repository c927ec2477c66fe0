"""The witness's common form: asn1tools' and pycrate's decodes of the same bytes compare equal, and a
difference names the field where the two part."""

from __future__ import annotations

import asn1tools
import pytest

from extractor.wire.schemas import Schemas
from extractor.wire.witness import PycrateWitness, asn1tools_form, differences, pycrate_form

MODULE = """TestModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
T ::= SEQUENCE {
  count INTEGER(0..10) DEFAULT 3,
  bits BIT STRING(SIZE(0..20)),
  nothing NULL,
  flag BOOLEAN,
  oid OBJECT IDENTIFIER,
  ratio REAL,
  pick CHOICE { number INTEGER, text IA5String },
  colour ENUMERATED { red(0), blue(5) },
  blobs SEQUENCE OF OCTET STRING,
  name BMPString OPTIONAL,
  inner U
}
U ::= SEQUENCE { on BOOLEAN, level INTEGER(-5..5) OPTIONAL }
END
"""
VALUE = {
    "bits": (b"\xa0", 3),
    "nothing": None,
    "flag": True,
    "oid": "1.2.840.113549",
    "ratio": 1.5,
    "pick": ("text", "hi"),
    "colour": "blue",
    "blobs": [b"\x01\x02", b""],
    "inner": {"on": False, "level": -2},
}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schemas")
    (folder / "v9_9").mkdir()
    (folder / "v9_9" / "ApplicationData.asn1").write_text(MODULE, encoding="utf-8")
    pycrate_type = PycrateWitness(Schemas(folder)).type_object("v9_9", "ApplicationData.asn1", "T")
    return asn1tools.compile_string(MODULE, "uper"), pycrate_type


def test_both_decodes_of_every_kind_of_value_have_one_form(both):
    spec, pycrate_type = both
    encoded = spec.encode("T", VALUE)
    pycrate_type.from_uper(encoded)
    pycrate_value = pycrate_type.get_val()
    assert pycrate_value != spec.decode("T", encoded)  # the libraries' own representations differ
    assert pycrate_form(pycrate_type, pycrate_value) == asn1tools_form(spec.decode("T", encoded))
    assert asn1tools_form(spec.decode("T", encoded))["bits"] == ("BIT STRING", "101")
    assert pycrate_type.to_uper() == encoded


def test_a_difference_names_the_field_path():
    left = asn1tools_form({"a": [{"b": ("x", {"c": 1})}], "d": True, "e": b"\x01"})
    right = asn1tools_form({"a": [{"b": ("x", {"c": 2})}], "d": 1, "f": b"\x01"})
    assert differences("applicationData", left, right) == [
        "applicationData.a[0].b.x.c: asn1tools 1, pycrate 2",
        "applicationData.d: asn1tools BOOLEAN True, pycrate 1",
        "applicationData.e: asn1tools OCTET STRING '01', pycrate absent",
        "applicationData.f: asn1tools absent, pycrate OCTET STRING '01'",
    ]
    assert differences("body", asn1tools_form(("x", 1)), asn1tools_form(("y", 1))) == [
        "body: asn1tools alternative x, pycrate alternative y"
    ]
