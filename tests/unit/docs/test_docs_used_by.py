"""A type's page lists the types that use it: through components, alternatives, elements and aliases."""

from __future__ import annotations

from extractor.docs.content import _VersionBuilder
from extractor.model import AppMetadata
from extractor.schema.stored import OutputIndex, load_files

MODULE = """M DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Leaf ::= INTEGER (0..7)
Alias ::= Leaf
Holder ::= SEQUENCE { leaf Leaf OPTIONAL, inner SEQUENCE { deep Leaf } }
Pick ::= CHOICE { holder Holder, none NULL }
Many ::= SEQUENCE (SIZE(1..4)) OF Pick
Tree ::= SEQUENCE { children SEQUENCE OF Tree OPTIONAL }
END
"""


def test_users_of_each_type():
    index = OutputIndex(AppMetadata("x", ""), ("v1_1",), (), (), ())
    builder = _VersionBuilder("v1_1", load_files("x", {"v1_1/M.asn1": MODULE}), index)
    assert builder._used_by() == {
        ("M.asn1", "Leaf"): {"Alias", "Holder"},
        ("M.asn1", "Holder"): {"Pick"},
        ("M.asn1", "Pick"): {"Many"},
    }
