"""`extract` warns about lists of elements that take no bits whose size may exceed what decoders accept."""

import pytest

from extractor.model import (
    BooleanType,
    ChoiceType,
    Component,
    EnumeratedType,
    EnumItem,
    IntegerType,
    Module,
    NullType,
    ProtocolVersion,
    SequenceOfType,
    SequenceType,
    SingleValue,
    Type,
    TypeAssignment,
    TypeReference,
    ValueRange,
)
from extractor.schema.zero_width import ZERO_WIDTH_LIMIT, zero_width_warnings
from extractor.wire.runtime.list_bounds import ZERO_WIDTH_LIMIT as RUNTIME_LIMIT

HUGE = ValueRange(0, 9223372036854775807)


def version(*assignments: tuple[str, Type]) -> tuple[ProtocolVersion, ...]:
    module = Module(
        "ApplicationData",
        "ApplicationData.asn1",
        tuple(TypeAssignment(name, f"app.{name}", "sequence", type_) for name, type_ in assignments),
    )
    return (ProtocolVersion("v2_1", (module,)),)


def test_the_issue_declaration_is_one_line_naming_the_type():
    assert zero_width_warnings(version(("Nulls", SequenceOfType(NullType(), HUGE)))) == [
        (
            "v2_1 Nulls: SEQUENCE OF NULL, which takes no bits, with up to 9,223,372,036,854,775,807 elements:"
            " a few bytes can claim that many; decoders stop at 524,256"
        )
    ]


@pytest.mark.parametrize(
    "element",
    [
        SequenceType(()),
        IntegerType(SingleValue(5)),
        IntegerType(ValueRange(3, 3)),
        EnumeratedType((EnumItem("only", 0),)),
        ChoiceType((Component("a", NullType()),)),
        SequenceType((Component("a", NullType()), Component("b", IntegerType(SingleValue(1))))),
        SequenceOfType(NullType(), SingleValue(3)),
        TypeReference("app.Empty"),
        TypeReference("app.Number", SingleValue(7)),
    ],
)
def test_every_element_that_takes_no_bits_is_named_with_its_field(element):
    holder = SequenceType((Component("items", SequenceOfType(element)),))
    (warning,) = zero_width_warnings(
        version(("Holder", holder), ("Empty", SequenceType(())), ("Number", IntegerType()))
    )
    assert warning.startswith("v2_1 Holder.items: SEQUENCE OF ") and "with no upper bound" in warning


@pytest.mark.parametrize(
    "declared",
    [
        SequenceOfType(NullType(), ValueRange(0, 256)),
        SequenceOfType(NullType(), ValueRange(1, 524_256)),
        SequenceOfType(BooleanType()),
        SequenceOfType(IntegerType(ValueRange(0, 1))),
        SequenceOfType(EnumeratedType((EnumItem("a", 0), EnumItem("b", 1))), HUGE),
        SequenceOfType(SequenceType((Component("a", NullType(), optional=True),))),
        SequenceOfType(ChoiceType((Component("a", NullType()), Component("b", NullType())))),
        SequenceOfType(SequenceOfType(BooleanType())),
        SequenceOfType(TypeReference("app.Self")),
    ],
)
def test_lists_whose_elements_take_bits_or_whose_size_is_small_are_not_warned_about(declared):
    self_referencing = SequenceType((Component("next", TypeReference("app.Self")),))
    assert zero_width_warnings(version(("List", declared), ("Self", self_referencing))) == []


def test_a_nested_list_is_named_by_its_place():
    nested = SequenceOfType(SequenceOfType(NullType(), HUGE), ValueRange(0, 4))
    (warning,) = zero_width_warnings(version(("Grid", nested)))
    assert warning.startswith("v2_1 Grid[]: SEQUENCE OF NULL")


def test_the_figure_is_the_wire_runtimes():
    assert ZERO_WIDTH_LIMIT == RUNTIME_LIMIT == 8 * 65_532
