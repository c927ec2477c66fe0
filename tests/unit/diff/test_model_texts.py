"""What the diff writes of `model` types: constraints as the module writes them (SIZE on references to
sized types), short type texts, and the Python type `generate python` gives a component."""

from __future__ import annotations

from extractor.diff.changes import diff_snapshots
from extractor.diff.snapshot import written_constraint
from extractor.model import SequenceType
from extractor.schema.stored import load_files

TYPES = """Name ::= IA5String(SIZE(1..20))
Count ::= INTEGER(0..9)
"""


def extraction(body: str):
    return load_files("x", {"v1_1/M.asn1": f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{TYPES}{body}\nEND\n"})


def test_a_constraint_on_a_reference_is_a_size_when_the_reference_names_a_sized_type():
    module = extraction("Holder ::= SEQUENCE { name Name(SIZE(2..5)), count Count(3) }").modules[0]
    holder = module.assignment("Holder")
    assert holder is not None and isinstance(holder.type, SequenceType)
    name, count = (written_constraint(component.type, module) for component in holder.type.components)
    assert name is not None and name.text() == "SIZE(2..5)"
    assert count is not None and count.text() == "(3)"


def test_removed_and_added_components_are_shown_as_the_module_writes_them():
    old = extraction("Holder ::= SEQUENCE { name Name(SIZE(2..5)) OPTIONAL, tags SEQUENCE SIZE(1..4) OF Name }")
    new = extraction("Holder ::= SEQUENCE { count Count(3) DEFAULT 3, flag BOOLEAN }")
    texts = {(change.kind, change.old or change.new) for change in diff_snapshots(old, new)}
    assert texts == {
        ("component removed", "Name(SIZE(2..5)) OPTIONAL"),
        ("component removed", "SEQUENCE SIZE(1..4) OF Name"),
        ("component added", "Count(3) DEFAULT 3"),
        ("component added", "BOOLEAN"),
    }


def test_a_retyped_component_names_the_python_types_of_both_sides():
    old = extraction("Holder ::= SEQUENCE { a INTEGER, b SEQUENCE OF Name, c SEQUENCE { x NULL } }")
    new = extraction("Holder ::= SEQUENCE { a BOOLEAN, b Count, c Count }")
    reasons = {change.path: change.api_reason for change in diff_snapshots(old, new)}
    assert reasons == {
        "a": "the Python type changes from int to bool",
        "b": "the Python type changes from list[Name] to Count",
        "c": "the Python type changes from an inline SEQUENCE to Count",
    }
