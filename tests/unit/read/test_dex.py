"""The dex reader on hand-written smali: encoded values, stores, and the androguard traps."""

import subprocess

import pytest

from extractor.errors import InputError
from extractor.read.classes import EnumValue, NonLiteral, TypeValue
from extractor.read.dex import read_classes
from extractor.read.inputs import DexFile

PACKAGE = "com/saicmotor/telematics/tsgp/otaadapter/mp/v1_1/entity"
CLASS = f"L{PACKAGE}/A;"
SMALI = f"""
.class public {CLASS}
.super Ljava/lang/Object;
.annotation runtime Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/ASN1Sequence;
    name = "A"
.end annotation
.field public lat_:Ljava/lang/Long;
    .annotation runtime Lx/Values;
        min = -0x55d4a80L
        big = 0x7fffffffffffffffL
        small = -0x80000000
        f = 1.5f
        d = -2.25
        b = -0x3t
        s = -0x2s
        c = 'z'
        arr = {{ "a", "b" }}
        t = Lcom/x/Y;
        e = .enum Lcom/x/Mode;->ON:Lcom/x/Mode;
        nested = .subannotation Lx/Inner;
            flag = true
        .end subannotation
        nothing = null
    .end annotation
.end field
.field public b_:Ljava/lang/Boolean;
.field public s_:Ljava/lang/String;
.field public n_:Ljava/lang/Integer;
.field public e_:Lcom/x/Wrapper;
.field public o_:[B
.field public m_:Ljava/lang/Short;
.method public constructor <init>()V
    .registers 2
    invoke-direct {{p0}}, Ljava/lang/Object;-><init>()V
    const/4 v0, 0x0
    iput-object v0, p0, {CLASS}->s_:Ljava/lang/String;
    iput-object v0, p0, {CLASS}->lat_:Ljava/lang/Long;
    iput-object v0, p0, {CLASS}->s_:Ljava/lang/String;
    return-void
.end method
.method public initWithDefaults()V
    .registers 4
    const-wide v0, -0x55d4a80L
    invoke-static {{v0, v1}}, Ljava/lang/Long;->valueOf(J)Ljava/lang/Long;
    move-result-object v0
    iput-object v0, p0, {CLASS}->lat_:Ljava/lang/Long;
    sget-object v0, Ljava/lang/Boolean;->TRUE:Ljava/lang/Boolean;
    iput-object v0, p0, {CLASS}->b_:Ljava/lang/Boolean;
    const-string v0, "hey"
    iput-object v0, p0, {CLASS}->s_:Ljava/lang/String;
    const/high16 v0, 0x10000
    invoke-static {{v0}}, Ljava/lang/Integer;->valueOf(I)Ljava/lang/Integer;
    move-result-object v0
    iput-object v0, p0, {CLASS}->n_:Ljava/lang/Integer;
    new-instance v1, Lcom/x/Wrapper;
    invoke-direct {{v1}}, Lcom/x/Wrapper;-><init>()V
    sget-object v2, Lcom/x/Wrapper$EnumType;->ON:Lcom/x/Wrapper$EnumType;
    invoke-virtual {{v1, v2}}, Lcom/x/Wrapper;->setValue(Lcom/x/Wrapper$EnumType;)V
    iput-object v1, p0, {CLASS}->e_:Lcom/x/Wrapper;
    const/4 v0, -0x2
    invoke-static {{v0}}, Ljava/lang/Short;->valueOf(S)Ljava/lang/Short;
    move-result-object v3
    iput-object v3, p0, {CLASS}->m_:Ljava/lang/Short;
    const/4 v0, 0x2
    new-array v0, v0, [B
    iput-object v0, p0, {CLASS}->o_:[B
    return-void
.end method
"""
FILLER = """
.class public Lcom/example/Filler;
.super Ljava/lang/Object;
"""


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    folder = tmp_path_factory.mktemp("smali")
    (folder / "A.smali").write_text(SMALI)
    (folder / "Filler.smali").write_text(FILLER)
    subprocess.run(
        ["smali", "assemble", "-o", str(folder / "classes.dex"), str(folder)], check=True, capture_output=True
    )
    classes = read_classes([DexFile("classes.dex", (folder / "classes.dex").read_bytes())])
    assert classes.packages == {"com.example", PACKAGE.replace("/", ".")}
    (only,) = classes.records
    return only


def test_encoded_values_are_decoded_with_sign_and_type(record):
    field = next(field for field in record.fields if field.name == "lat_")
    values = dict(field.annotations[0].elements)
    assert values["min"] == -90000000
    assert values["big"] == 2**63 - 1
    assert values["small"] == -(2**31)
    assert values["f"] == 1.5 and values["d"] == -2.25
    assert values["b"] == -3 and values["s"] == -2 and values["c"] == ord("z")
    assert values["arr"] == ("a", "b")
    assert values["t"] == TypeValue("Lcom/x/Y;")
    assert values["e"] == EnumValue("Lcom/x/Mode;", "ON")
    assert values["nested"].descriptor == "Lx/Inner;" and values["nested"].get("flag") is True
    assert values["nothing"] is None


def test_fields_come_in_dex_order_and_init_stores_in_code_order(record):
    assert [field.name for field in record.fields] == ["b_", "e_", "lat_", "m_", "n_", "o_", "s_"]
    assert record.init_store_order == ("s_", "lat_")


def test_initwithdefaults_literals_are_recovered(record):
    stores = dict(record.default_stores)
    assert stores["lat_"] == -90000000
    assert stores["b_"] is True
    assert stores["s_"] == "hey"
    assert stores["n_"] == 0x10000
    assert stores["m_"] == -2
    assert stores["e_"] == EnumValue("Lcom/x/Wrapper$EnumType;", "ON")
    assert isinstance(stores["o_"], NonLiteral)


@pytest.mark.parametrize("damage", [lambda data: data[:40], lambda data: b"dex\n035\x00" + b"\xff" * 200])
def test_corrupt_dex_is_an_input_error_naming_the_file(record, tmp_path, damage):
    data = damage(b"dex\n035\x00" + bytes(112))
    with pytest.raises(InputError, match="broken.dex: corrupt dex"):
        read_classes([DexFile("broken.dex", data)])
