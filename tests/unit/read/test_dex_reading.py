"""The dex step on two small dex files: code with switch and array payloads, MUTF-8 strings, dex files
without target classes only scanned, progress per dex file read, corrupt bytes told apart from bugs."""

import struct
import subprocess
import zlib

import pytest

from extractor.errors import InputError
from extractor.read import dex
from extractor.read.dex import read_classes
from extractor.read.inputs import DexFile

PACKAGE = "com/saicmotor/telematics/tsgp/otaadapter/mp/v1_1/entity"
FILLER = """
.class public Lcom/example/Filler;
.super Ljava/lang/Object;
"""


CODE_CLASS = f"L{PACKAGE}/B;"
CODE_SMALI = f"""
.class public {CODE_CLASS}
.super Ljava/lang/Object;
.annotation runtime Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/ASN1Sequence;
    name = "B\\u0000\\ud83d\\ude97"
.end annotation
.field public a_:Ljava/lang/Integer;
.field public b_:Ljava/lang/Long;
.field public c_:Ljava/lang/String;
.method public constructor <init>()V
    .registers 3
    invoke-direct {{p0}}, Ljava/lang/Object;-><init>()V
    const/4 v0, 0x0
    iput-object v0, p0, {CODE_CLASS}->c_:Ljava/lang/String;
    const/4 v1, 0x1
    packed-switch v1, :packed
    sparse-switch v1, :sparse
    const/4 v2, 0x3
    new-array v2, v2, [I
    fill-array-data v2, :numbers
    goto :after
    :packed
    .packed-switch 0x0
        :after
    .end packed-switch
    :sparse
    .sparse-switch
        0x5 -> :after
    .end sparse-switch
    :numbers
    .array-data 4
        0x1
        0x2
        0x3
    .end array-data
    :after
    iput-object v0, p0, {CODE_CLASS}->a_:Ljava/lang/Integer;
    iput-object v0, p0, {CODE_CLASS}->b_:Ljava/lang/Long;
    return-void
.end method
.method public initWithDefaults()V
    .registers 4
    const/16 v0, 0x1234
    invoke-static/range {{v0 .. v0}}, Ljava/lang/Integer;->valueOf(I)Ljava/lang/Integer;
    move-result-object v1
    iput-object v1, p0, {CODE_CLASS}->a_:Ljava/lang/Integer;
    const-wide/high16 v2, -0x4000000000000000L
    invoke-static {{v2, v3}}, Ljava/lang/Long;->valueOf(J)Ljava/lang/Long;
    move-result-object v1
    iput-object v1, p0, {CODE_CLASS}->b_:Ljava/lang/Long;
    const-string/jumbo v1, "jumbo"
    iput-object v1, p0, {CODE_CLASS}->c_:Ljava/lang/String;
    return-void
.end method
"""


@pytest.fixture(scope="module")
def dex_files(tmp_path_factory) -> list[DexFile]:
    """classes.dex: class B (code with switch and array payloads, range calls, a jumbo string); classes2.dex: filler."""
    folder = tmp_path_factory.mktemp("code")
    for name, source in (("classes.dex", CODE_SMALI), ("classes2.dex", FILLER)):
        tree = folder / name.removesuffix(".dex")
        tree.mkdir()
        (tree / "C.smali").write_text(source)
        subprocess.run(["smali", "assemble", "-o", str(folder / name), str(tree)], check=True, capture_output=True)
    return [DexFile(name, (folder / name).read_bytes()) for name in ("classes.dex", "classes2.dex")]


def with_class_data_damaged(dex_file: DexFile) -> DexFile:
    """The dex with the class data of its first class overwritten by an endless LEB128, checksum fixed."""
    (class_data,) = struct.unpack_from("<I", dex_file.data, struct.unpack_from("<I", dex_file.data, 100)[0] + 24)
    damaged = dex_file.data[:class_data] + b"\xff" * 8 + dex_file.data[class_data + 8 :]
    return DexFile(dex_file.name, damaged[:8] + struct.pack("<I", zlib.adler32(damaged[12:])) + damaged[12:])


def test_code_walk_skips_payloads_and_reads_range_calls_and_jumbo_strings(dex_files):
    (record,) = read_classes(dex_files).records
    assert record.init_store_order == ("c_", "a_", "b_")
    assert dict(record.default_stores) == {"a_": 0x1234, "b_": -(2**62), "c_": "jumbo"}


def test_strings_are_modified_utf8(dex_files):
    (record,) = read_classes(dex_files).records
    assert record.annotations[0].get("name") == "B\u0000\U0001f697"


def test_dex_files_without_target_classes_are_only_scanned(dex_files):
    classes = read_classes([dex_files[0], with_class_data_damaged(dex_files[1])])
    assert [record.descriptor for record in classes.records] == [CODE_CLASS]
    assert classes.packages == {"com.example", PACKAGE.replace("/", ".")}


def test_progress_follows_the_dex_files_that_are_read(dex_files):
    reports = []
    read_classes(dex_files, lambda *report: reports.append(report))
    assert reports == [(1, 1, 1)]


def test_bytes_androguard_cannot_decode_are_a_corrupt_dex_naming_the_file(dex_files):
    with pytest.raises(InputError, match=r"^classes\.dex: corrupt dex \(\w+"):
        read_classes([with_class_data_damaged(dex_files[0])])


@pytest.mark.parametrize("error", [KeyError("bug"), ValueError("bug"), struct.error("bug")])
def test_an_exception_raised_by_our_own_code_is_a_bug_not_a_corrupt_dex(dex_files, monkeypatch, error):
    """Even with androguard in the call stack (it asks the class manager for strings), our frame raised it."""

    def failing(self, idx):
        raise error

    monkeypatch.setattr(dex._LazyClassManager, "get_raw_string", failing)
    with pytest.raises(type(error), match="bug"):
        read_classes(dex_files)
