"""A type's page lists the types that use it: through components, alternatives, elements and aliases."""

from __future__ import annotations

from extractor.diff.snapshot import snapshot_from_files
from extractor.docs.content import _VersionBuilder

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
    files = {"v1_1/M.asn1": MODULE}
    builder = _VersionBuilder("v1_1", snapshot_from_files("x", files), files, [])
    assert builder._used_by() == {
        ("M.asn1", "Leaf"): {"Alias", "Holder"},
        ("M.asn1", "Holder"): {"Pick"},
        ("M.asn1", "Pick"): {"Many"},
    }
