"""The factory's message classes, read back with dexdump: annotations, member classes, <init> and defaults."""

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.factory import FactoryOptions, ModuleSource, TypePlacement, build_dex_files
from tests.factory.dexdump import DumpedClass, dump_classes, method_instructions

# Slow (left out of `make test-fast`): assembles dex files with smali and reads them with dexdump.
pytestmark = pytest.mark.slow

MP = "Lcom/saicmotor/telematics/tsgp/otaadapter/mp"
ANNOTATIONS = "Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations"
BODY = f"{MP}/v1_1/entity/dispatcher/MP_DispatcherBody;"
ITEM = f"{MP}/v1_2/entity/misc/Item;"
MISC = f"{MP}/v1_1/entity/misc"

FIXTURE = """FixtureModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
MPDispatcherBody ::= SEQUENCE {
  applicationID IA5String (SIZE(3)),
  latitude INTEGER (-90000000..90000000),
  eventID INTEGER (0..281474976710655) OPTIONAL,
  revision INTEGER (7),
  ackRequired BOOLEAN DEFAULT TRUE,
  retries INTEGER (-3..10) DEFAULT -2,
  bigCounter INTEGER (0..281474976710655) DEFAULT 4294967296,
  label UTF8String DEFAULT "none",
  encoding Encoding DEFAULT der,
  checksum OCTET STRING (SIZE(2)) DEFAULT '0000'H,
  items SEQUENCE SIZE(1..4) OF Item,
  names SEQUENCE OF BMPString,
  codes SET SIZE(2) OF NumericString (SIZE(4)),
  extra SEQUENCE { enabled BOOLEAN, choice CHOICE { none NULL, ratio REAL } } OPTIONAL,
  state ENUMERATED { on(1), off(4) } OPTIONAL,
  position Item (1),
  flags BIT STRING (SIZE(8)),
  oid OBJECT IDENTIFIER OPTIONAL,
  blob ANY OPTIONAL,
  ...
}
Item ::= SEQUENCE { id INTEGER (0..255) }
Encoding ::= ENUMERATED { per(0), der(3), ber(7) }
Counter ::= INTEGER (0..255)
Items ::= SEQUENCE SIZE(1..8) OF Item
Alias ::= Item
Nothing ::= NULL
Pick ::= CHOICE { number INTEGER (0..1), item Item }
Group ::= SET { counter Counter }
MPUserLoggingInReq ::= SEQUENCE { password IA5String (SIZE(6..30)) }
END
"""
COMPONENTS = [
    "applicationID",
    "latitude",
    "eventID",
    "revision",
    "ackRequired",
    "retries",
    "bigCounter",
    "label",
    "encoding",
    "checksum",
    "items",
    "names",
    "codes",
    "extra",
    "state",
    "position",
    "flags",
    "oid",
    "blob",
]
MODULES = (
    ModuleSource(
        "v1_1",
        FIXTURE,
        {
            "MPDispatcherBody": TypePlacement(BODY[1:-1].replace("/", "."), "MP_DispatcherBody"),
            "Item": TypePlacement(ITEM[1:-1].replace("/", "."), "Item"),
            "MPUserLoggingInReq": TypePlacement(
                "com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.login.v2_1.MP_UserLoggingInReq",
                "mpUserLoggingInReq",
            ),
        },
    ),
)


@cache
def built(**options: Any) -> tuple[list[Path], dict[str, DumpedClass]]:
    dex_files = build_dex_files(MODULES, FactoryOptions(**options))
    classes: dict[str, DumpedClass] = {}
    for dex in dex_files:
        classes |= dump_classes(dex)
    return dex_files, classes


def annotation(lines: list[str], simple_name: str) -> str:
    """The one annotation line of that type, e.g. 'VISIBILITY_RUNTIME L…/ASN1Element; name="a" tag=1'."""
    [line] = [line for line in lines if line.split()[1].endswith(f"/{simple_name};")]
    return line


def field(descriptor: str, name: str, **options: object) -> tuple[str, list[str]]:
    cls = built(**options)[1][descriptor]
    return cls.field_types[name], cls.field_annotations[name]


def test_sequence_class_and_prepared_marker():
    cls = built()[1][BODY]
    assert annotation(cls.annotations, "ASN1Sequence").endswith('ASN1Sequence; name="MP_DispatcherBody"')
    assert annotation(cls.annotations, "ASN1PreparedElement").startswith("VISIBILITY_RUNTIME")


def test_lowercase_mp_annotation_name_in_revision_package():
    cls = built()[1][f"{MP}/v1_1/entity/login/v2_1/MP_UserLoggingInReq;"]
    assert annotation(cls.annotations, "ASN1Sequence").endswith('name="mpUserLoggingInReq"')


def test_component_annotations_carry_position_tags():
    _, first = field(BODY, "mApplicationID")
    assert annotation(first, "ASN1Element").endswith('hasTag=true isOptional=false name="applicationID"')
    _, second = field(BODY, "mLatitude")
    assert annotation(second, "ASN1Element").endswith('hasTag=true isOptional=false name="latitude" tag=1')
    _, optional = field(BODY, "mEventID")
    assert annotation(optional, "ASN1Element").endswith('hasTag=true name="eventID" tag=2')


def test_signed_and_64_bit_value_ranges_pick_the_java_type():
    java_type, lines = field(BODY, "mLatitude")
    assert java_type == "Ljava/lang/Integer;"
    assert annotation(lines, "ASN1ValueRangeConstraint").endswith("max=90000000 min=-90000000")
    assert "ASN1Integer;" in annotation(lines, "ASN1Integer")
    java_type, lines = field(BODY, "mEventID")
    assert java_type == "Ljava/lang/Long;"
    assert annotation(lines, "ASN1ValueRangeConstraint").endswith("max=281474976710655 min=0")


def test_single_value_and_fixed_size_use_the_size_constraint():
    java_type, lines = field(BODY, "mRevision")
    assert java_type == "Ljava/lang/Integer;"
    assert annotation(lines, "ASN1SizeConstraint").endswith("max=7")
    java_type, lines = field(BODY, "mFlags")
    assert java_type == "Lorg/bn/types/BitString;"
    assert annotation(lines, "ASN1SizeConstraint").endswith("max=8")
    assert annotation(lines, "ASN1BitString")


def test_primitive_types():
    assert annotation(field(BODY, "mApplicationID")[1], "ASN1String").endswith("stringType=22")
    assert field(BODY, "mChecksum")[0] == "[B"
    assert field(BODY, "mOid")[0] == "Lorg/bn/types/ObjectIdentifier;"
    assert annotation(field(BODY, "mBlob")[1], "ASN1Any")
    assert field(BODY, "mBlob")[0] == "[B"


def test_sequence_of_named_type_has_collection_signature():
    java_type, lines = field(BODY, "mItems")
    assert java_type == "Ljava/util/Collection;"
    assert annotation(lines, "ASN1SequenceOf").endswith("ASN1SequenceOf;")
    assert annotation(lines, "ASN1ValueRangeConstraint").endswith("max=4 min=1")
    assert annotation(lines, "Signature").endswith(f'value={{ "Ljava/util/Collection<" "{ITEM}" ">;" }}')


def test_sequence_of_unconstrained_primitive_puts_its_annotation_on_the_field():
    _, lines = field(BODY, "mNames")
    assert annotation(lines, "ASN1String").endswith("isUCS=true stringType=30")
    assert annotation(lines, "Signature").endswith('value={ "Ljava/util/Collection<" "Ljava/lang/String;" ">;" }')


def test_set_of_constrained_primitive_uses_a_boxed_member_class():
    _, lines = field(BODY, "mCodes")
    assert annotation(lines, "ASN1SequenceOf").endswith("isSetOf=true")
    assert annotation(lines, "ASN1SizeConstraint").endswith("max=2")
    boxed = BODY[:-1] + "$CodesBoxedType;"
    assert f'"{boxed}"' in annotation(lines, "Signature")
    cls = built()[1][boxed]
    assert annotation(cls.annotations, "ASN1BoxedType").endswith("ASN1BoxedType;")
    assert annotation(cls.annotations, "InnerClass").endswith('accessFlags=9 name="CodesBoxedType"')
    value = cls.field_annotations["value"]
    assert annotation(value, "ASN1String").endswith("stringType=18")
    assert annotation(value, "ASN1SizeConstraint").endswith("max=4")
    assert annotation(value, "ASN1Element").endswith("isOptional=false")


def test_inline_types_are_nested_member_classes():
    extra = BODY[:-1] + "$ExtraSequenceType;"
    choice = extra[:-1] + "$ChoiceChoiceType;"
    java_type, lines = field(BODY, "mExtra")
    assert java_type == extra
    assert [line.split()[1].rsplit("/", 1)[-1] for line in lines] == ["ASN1Element;"]
    body = built()[1][BODY]
    assert extra in annotation(body.annotations, "MemberClasses")
    cls = built()[1][extra]
    assert annotation(cls.annotations, "ASN1Sequence").endswith('name=""')
    assert annotation(cls.annotations, "EnclosingClass").endswith(f"value={BODY}")
    assert annotation(cls.annotations, "InnerClass").endswith('accessFlags=9 name="ExtraSequenceType"')
    assert choice in annotation(cls.annotations, "MemberClasses")
    nested = built()[1][choice]
    assert annotation(nested.annotations, "ASN1Choice").endswith("ASN1Choice;")
    assert annotation(nested.annotations, "EnclosingClass").endswith(f"value={extra}")
    assert annotation(nested.field_annotations["mRatio"], "ASN1Element").endswith(
        'hasTag=true isOptional=false name="ratio" tag=1'
    )
    assert annotation(nested.field_annotations["mNone"], "ASN1Null")
    assert nested.field_types["mNone"] == "Lorg/bn/types/NullObject;"


def test_enumerated_wrapper_and_enum_items():
    wrapper = built()[1][f"{MISC}/Encoding;"]
    assert annotation(wrapper.annotations, "ASN1Enum").endswith('name="Encoding"')
    assert wrapper.field_types["value"] == f"{MISC}/Encoding$EnumType;"
    assert wrapper.field_types["integerForm"] == "Ljava/lang/Integer;"
    enum = built()[1][f"{MISC}/Encoding$EnumType;"]
    assert annotation(enum.annotations, "InnerClass").endswith('accessFlags=16409 name="EnumType"')
    assert annotation(enum.field_annotations["DER"], "ASN1EnumItem").endswith('hasTag=true name="der" tag=3')
    assert annotation(enum.field_annotations["PER"], "ASN1EnumItem").endswith('hasTag=true name="per"')
    inline = built()[1][BODY[:-1] + "$StateEnumType$EnumType;"]
    assert annotation(inline.field_annotations["OFF"], "ASN1EnumItem").endswith('name="off" tag=4')


def test_constrained_reference_has_no_type_annotation():
    java_type, lines = field(BODY, "mPosition")
    assert java_type == ITEM
    assert [line.split()[1].rsplit("/", 1)[-1] for line in lines] == ["ASN1Element;", "ASN1SizeConstraint;"]
    assert annotation(lines, "ASN1SizeConstraint").endswith("max=1")


def test_boxed_null_and_set_type_assignments():
    classes = built()[1]
    counter = classes[f"{MISC}/Counter;"]
    assert annotation(counter.annotations, "ASN1BoxedType").endswith('name="Counter"')
    assert annotation(counter.field_annotations["value"], "ASN1Element").endswith('isOptional=false name="Counter"')
    assert annotation(counter.field_annotations["value"], "ASN1ValueRangeConstraint").endswith("max=255 min=0")
    items = classes[f"{MISC}/Items;"].field_annotations["value"]
    assert f'"{ITEM}"' in annotation(items, "Signature")
    alias = classes[f"{MISC}/Alias;"]
    assert alias.field_types["value"] == ITEM
    assert [line.split()[1].rsplit("/", 1)[-1] for line in alias.field_annotations["value"]] == ["ASN1Element;"]
    nothing = classes[f"{MISC}/Nothing;"]
    assert annotation(nothing.annotations, "ASN1Null").endswith('name="Nothing"')
    assert set(nothing.field_types) == {"preparedData"}
    group = classes[f"{MISC}/Group;"]
    assert annotation(group.annotations, "ASN1Sequence").endswith('isSet=true name="Group"')
    assert group.field_types["mCounter"] == f"{MISC}/Counter;"


def test_default_components_and_init_with_defaults_code():
    _, lines = field(BODY, "mAckRequired")
    assert annotation(lines, "ASN1Element").endswith(
        'hasDefaultValue=true hasTag=true isOptional=false name="ackRequired" tag=4'
    )
    dex = built()[0][0]
    code = method_instructions(dex, BODY, "initWithDefaults")
    encoding = f"{MISC}/Encoding"
    assert code == [
        "sget-object v0, Ljava/lang/Boolean;.TRUE:Ljava/lang/Boolean;",
        f"iput-object v0, v3, {BODY}.mAckRequired:Ljava/lang/Boolean;",
        "const/4 v1, #int -2 // #fe",
        "invoke-static {v1}, Ljava/lang/Integer;.valueOf:(I)Ljava/lang/Integer;",
        "move-result-object v0",
        f"iput-object v0, v3, {BODY}.mRetries:Ljava/lang/Integer;",
        "const-wide v1, #double 2.122e-314 // #0000000100000000",
        "invoke-static {v1, v2}, Ljava/lang/Long;.valueOf:(J)Ljava/lang/Long;",
        "move-result-object v0",
        f"iput-object v0, v3, {BODY}.mBigCounter:Ljava/lang/Long;",
        'const-string v0, "none"',
        f"iput-object v0, v3, {BODY}.mLabel:Ljava/lang/String;",
        f"new-instance v0, {encoding};",
        f"invoke-direct {{v0}}, {encoding};.<init>:()V",
        f"sget-object v1, {encoding}$EnumType;.DER:{encoding}$EnumType;",
        f"invoke-virtual {{v0, v1}}, {encoding};.setValue:({encoding}$EnumType;)V",
        f"iput-object v0, v3, {BODY}.mEncoding:{encoding};",
        "const/4 v1, #int 1 // #1",
        "new-array v0, v1, [B",
        f"iput-object v0, v3, {BODY}.mChecksum:[B",
        "return-void",
    ]


def test_init_stores_null_in_asn1_order():
    code = method_instructions(built()[0][0], BODY, "<init>")
    assert code[:2] == ["invoke-direct {v1}, Ljava/lang/Object;.<init>:()V", "const/4 v0, #int 0 // #0"]
    stored = [instruction.split(".")[-1].split(":")[0] for instruction in code[2:-1]]
    assert stored == ["m" + name[0].upper() + name[1:] for name in COMPONENTS]
    assert all(instruction.startswith("iput-object v0, v1,") for instruction in code[2:-1])
    assert code[-1] == "return-void"


def test_annotation_interfaces_carry_their_defaults():
    classes = built()[1]
    element = classes[f"{ANNOTATIONS}/ASN1Element;"]
    assert annotation(element.annotations, "AnnotationDefault").endswith(
        f"value={ANNOTATIONS}/ASN1Element; hasDefaultValue=false hasTag=false isImplicitTag=true isOptional=true "
        'name="" tag=0 tagClass=128'
    )
    assert annotation(element.annotations, "Retention").endswith("value=RUNTIME")
    string = classes[f"{ANNOTATIONS}/ASN1String;"]
    assert annotation(string.annotations, "AnnotationDefault").endswith('isUCS=false name="" stringType=29')
    sequence = classes[f"{ANNOTATIONS}/ASN1Sequence;"]
    assert annotation(sequence.annotations, "AnnotationDefault").endswith("isSet=false")
    constraint = classes[f"{ANNOTATIONS}/constraints/ASN1ValueRangeConstraint;"]
    assert not [line for line in constraint.annotations if "AnnotationDefault" in line]


def test_without_tags_components_carry_no_tag_attributes():
    lines = [
        line
        for cls in built(tags=False)[1].values()
        for lines in cls.field_annotations.values()
        for line in lines
        if "/ASN1Element;" in line
    ]
    assert lines and not [line for line in lines if "hasTag" in line or "tag=" in line]
    assert annotation(field(BODY, "mLatitude", tags=False)[1], "ASN1Element").endswith(
        'isOptional=false name="latitude"'
    )


def test_without_init_stores_the_constructor_only_calls_super():
    code = method_instructions(built(init_stores=False)[0][0], BODY, "<init>")
    assert code == ["invoke-direct {v0}, Ljava/lang/Object;.<init>:()V", "return-void"]


def test_without_annotation_interfaces_only_the_usages_remain():
    classes = built(annotation_interfaces=False)[1]
    assert not [name for name in classes if name.startswith(ANNOTATIONS)]
    assert annotation(classes[BODY].annotations, "ASN1Sequence")


def test_explicit_defaults_write_every_attribute():
    _, lines = field(BODY, "mLatitude", explicit_defaults=True)
    assert annotation(lines, "ASN1Element").endswith(
        'hasDefaultValue=false hasTag=true isImplicitTag=true isOptional=false name="latitude" tag=1 tagClass=128'
    )
    assert annotation(lines, "ASN1Integer").endswith('name=""')
    _, lines = field(BODY, "mApplicationID", explicit_defaults=True)
    assert annotation(lines, "ASN1String").endswith('isUCS=false name="" stringType=22')
    choice = built(explicit_defaults=True)[1][BODY[:-1] + "$ExtraSequenceType$ChoiceChoiceType;"]
    assert annotation(choice.annotations, "ASN1Choice").endswith('name=""')


def test_dex_split_keeps_interfaces_in_the_first_dex():
    dex_files, _ = built(dex_count=3, filler_classes=30)
    assert [dex.name for dex in dex_files] == ["classes.dex", "classes2.dex", "classes3.dex"]
    per_dex = [dump_classes(dex) for dex in dex_files]
    assert {name for name in per_dex[0] if name.startswith(ANNOTATIONS)} == {
        name for name in built()[1] if name.startswith(ANNOTATIONS)
    }
    assert not [name for dex in per_dex[1:] for name in dex if name.startswith(ANNOTATIONS)]
    assert not [name for name in per_dex[0] if name.startswith(MP)]
    messages = [name for dex in per_dex[1:] for name in dex if name.startswith(MP)]
    assert sorted(messages) == sorted(name for name in built()[1] if name.startswith(MP))
    assert all(any(not name.startswith((MP, ANNOTATIONS)) for name in dex) for dex in per_dex)


def test_filler_classes_look_like_library_code():
    _, classes = built(filler_classes=30)
    fillers = [cls for name, cls in classes.items() if not name.startswith((MP, ANNOTATIONS))]
    assert len(fillers) == 30
    packages = {cls.descriptor.rsplit("/", 1)[0] for cls in fillers}
    assert {"Landroidx/lifecycle", "Lokhttp3/internal/connection", "Lcom/google/gson/internal/bind"} <= packages
    lines = [line for cls in fillers for line in cls.annotations]
    assert any("Lkotlin/Metadata; d1=" in line and "mv={ 1 8 0 }" in line for line in lines)
    assert any(line.startswith("VISIBILITY_BUILD Landroidx/annotation/Keep;") for line in lines)
    assert any(
        "SerializedName" in line for cls in fillers for lines in cls.field_annotations.values() for line in lines
    )


def test_module_classes_carry_only_asn1_module_like_the_binarynotes_generator_writes():
    classes = built(module_classes=True)[1]
    module = classes[f"{MP}/v1_1/entity/FixtureModule;"]
    assert module.annotations == [
        f'VISIBILITY_RUNTIME {ANNOTATIONS}/ASN1Module; isImplicitTags=false name="FixtureModule"'
    ]
    assert module.field_annotations == {}
    assert f"{MP}/v1_1/entity/FixtureModule;" not in built()[1]
    implicit = ModuleSource("v2_1", FIXTURE.replace("AUTOMATIC TAGS", "IMPLICIT TAGS"))
    [dex] = build_dex_files([implicit], FactoryOptions(module_classes=True))
    assert dump_classes(dex)[f"{MP}/v2_1/entity/FixtureModule;"].annotations == [
        f'VISIBILITY_RUNTIME {ANNOTATIONS}/ASN1Module; name="FixtureModule"'
    ]


def test_foreign_annotations_sit_on_message_classes_and_component_fields():
    cls = built(foreign_annotations=True)[1][BODY]
    assert annotation(cls.annotations, "Keep").startswith("VISIBILITY_BUILD Landroidx/annotation/Keep;")
    assert annotation(cls.annotations, "Metadata").startswith("VISIBILITY_RUNTIME Lkotlin/Metadata;")
    _, required = field(BODY, "mApplicationID", foreign_annotations=True)
    assert annotation(required, "SerializedName").endswith('SerializedName; value="applicationID"')
    assert not [line for line in required if "Nullable" in line]
    _, optional = field(BODY, "mEventID", foreign_annotations=True)
    assert annotation(optional, "Nullable") == "VISIBILITY_RUNTIME Ljavax/annotation/Nullable;"


def test_plain_classes_sit_in_the_version_packages_without_asn1_annotations():
    helper = built(plain_classes=True)[1][f"{MP}/v1_1/entity/util/FixtureModuleHelper;"]
    assert [line.split()[1] for line in helper.annotations] == ["Landroidx/annotation/Keep;", "Lkotlin/Metadata;"]
    assert [line.split()[1] for line in helper.field_annotations["label"]] == [
        "Lcom/google/gson/annotations/SerializedName;"
    ]
