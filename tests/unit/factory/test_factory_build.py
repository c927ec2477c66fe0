"""Build mechanics: determinism, the cache, errors for unsupported input, smali failures and the CLI."""

import zipfile

import pytest
from click.testing import CliRunner

from tests.factory import (
    FactoryError,
    FactoryOptions,
    ModuleSource,
    TypePlacement,
    assemble,
    build,
    build_apk,
    build_dex_files,
)
from tests.factory.__main__ import main as cli
from tests.factory.dex_model import ClassDef, MethodDef
from tests.factory.dexdump import dump_classes

# Slow (left out of `make test-fast`): builds APKs with the test-APK factory.
pytestmark = pytest.mark.slow

SMALL = """Small DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Reading ::= SEQUENCE { value INTEGER (-40..85), unit Unit DEFAULT celsius, note UTF8String OPTIONAL }
Unit ::= ENUMERATED { celsius(0), fahrenheit(2) }
END
"""


def module(text: str, **placements: TypePlacement) -> list[ModuleSource]:
    return [ModuleSource("v3_0", f"M DEFINITIONS AUTOMATIC TAGS ::= BEGIN {text} END", placements)]


def test_builds_are_byte_identical_without_the_cache(tmp_path):
    options = FactoryOptions(dex_count=2, filler_classes=12)
    first = build_apk([ModuleSource("v1_1", SMALL)], options, cache_dir=tmp_path / "a")
    second = build_apk([ModuleSource("v1_1", SMALL)], options, cache_dir=tmp_path / "b")
    assert first != second
    assert first.read_bytes() == second.read_bytes()


def test_cached_build_does_not_run_smali(tmp_path, monkeypatch):
    sources = [ModuleSource("v1_2", SMALL)]
    apk = build_apk(sources, cache_dir=tmp_path)
    monkeypatch.setattr(build, "assemble_dex_files", lambda *arguments: pytest.fail("cache miss"))
    assert build_apk(sources, cache_dir=tmp_path) == apk
    renamed = FactoryOptions(package="com.saicmotor.ismart.other", version_name="2.0")
    other = build_apk(sources, renamed, cache_dir=tmp_path)
    assert other != apk and other.parent == apk.parent
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_cache_dir_defaults_to_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SAIC_FACTORY_CACHE", str(tmp_path))
    [dex] = build_dex_files([ModuleSource("v1_2", SMALL)])
    assert dex.parent.parent == tmp_path


def test_types_placed_twice_identically_are_emitted_once():
    shared = TypePlacement("com.saicmotor.telematics.tsgp.otaadapter.mp.v1_2.entity.misc.Unit", "Unit")
    sources = [ModuleSource("v1_1", SMALL, {"Unit": shared}), ModuleSource("v1_2", SMALL)]
    [dex] = build_dex_files(sources)
    names = [name for name in dump_classes(dex) if name.endswith("/Unit;")]
    assert names == ["Lcom/saicmotor/telematics/tsgp/otaadapter/mp/v1_2/entity/misc/Unit;"]


def test_same_simple_name_in_two_sub_packages_resolves_per_module():
    base = "com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.message"
    first = ModuleSource(
        "v1_1",
        "A DEFINITIONS ::= BEGIN L ::= SEQUENCE { m Message } Message ::= SEQUENCE { id INTEGER (0..9) } END",
        {"Message": TypePlacement(f"{base}.Message", "Message")},
    )
    second = ModuleSource(
        "v1_1",
        "B DEFINITIONS ::= BEGIN R ::= SEQUENCE { m Message } Message ::= SEQUENCE { text IA5String } END",
        {"Message": TypePlacement(f"{base}.v1_2.Message", "Message"), "R": TypePlacement(f"{base}.v1_2.R", "R")},
    )
    classes = dump_classes(build_dex_files([first, second])[0])
    misc = "Lcom/saicmotor/telematics/tsgp/otaadapter/mp/v1_1/entity/misc"
    prefix = "L" + base.replace(".", "/")
    assert classes[f"{misc}/L;"].field_types["mM"] == f"{prefix}/Message;"
    assert classes[f"{prefix}/v1_2/R;"].field_types["mM"] == f"{prefix}/v1_2/Message;"


def test_imported_types_resolve_to_the_exporting_module():
    exporter = ModuleSource("v2_1", "Common DEFINITIONS ::= BEGIN Stamp ::= SEQUENCE { s INTEGER (0..9) } END")
    importer = ModuleSource(
        "v2_1", "User DEFINITIONS ::= BEGIN IMPORTS Stamp FROM Common; Use ::= SEQUENCE { at Stamp } END"
    )
    classes = dump_classes(build_dex_files([exporter, importer])[0])
    misc = "Lcom/saicmotor/telematics/tsgp/otaadapter/mp/v2_1/entity/misc"
    assert classes[f"{misc}/Use;"].field_types["mAt"] == f"{misc}/Stamp;"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("T ::= SEQUENCE { a [3] INTEGER }", r"M\.T\.a: unsupported ASN\.1 construct \['tag'\]"),
        ("T ::= SEQUENCE { when GeneralizedTime }", r"M\.T\.when: type GeneralizedTime is neither defined"),
        ("T ::= SEQUENCE { n INTEGER (0..MAX) }", r"M\.T\.n: constraint \(0, 'MAX'\) is not supported"),
        ("T ::= SEQUENCE { n INTEGER (1 | 3) }", r"M\.T\.n: a union of constraints"),
        ('T ::= SEQUENCE { s IA5String (FROM("0".."9")) }', r"M\.T\.s: unsupported ASN\.1 construct \['from'\]"),
        ("T ::= SEQUENCE { r Unknown }", r"M\.T\.r: type Unknown is neither defined in M nor imported"),
        ("T ::= SEQUENCE { e E DEFAULT blue } E ::= ENUMERATED { red }", r"M\.T\.e: DEFAULT 'blue' is not an item"),
        ("T ::= SEQUENCE { n INTEGER (0..18446744073709551615) }", r"M\.T\.n: constraint bounds .* Java long"),
        ("T ::= ENUMERATED { aB, a-b }", r"M\.T: enumeration items collide as Java constants"),
    ],
)
def test_unsupported_input_names_the_type_and_component(text, message, tmp_path):
    with pytest.raises(FactoryError, match=message):
        build_dex_files(module(text), cache_dir=tmp_path)


def test_conflicting_placements_and_unknown_placements_are_errors(tmp_path):
    same = TypePlacement("com.saicmotor.telematics.tsgp.otaadapter.mp.v3_0.entity.misc.X", "X")
    with pytest.raises(FactoryError, match=r"misc\.X is placed twice with different definitions: .*M\.A and .*M\.B"):
        build_dex_files(module("A ::= BOOLEAN B ::= INTEGER", A=same, B=same), cache_dir=tmp_path)
    with pytest.raises(FactoryError, match=r"placements name types the module does not define: \['Nope'\]"):
        build_dex_files(module("A ::= BOOLEAN", Nope=same), cache_dir=tmp_path)
    with pytest.raises(FactoryError, match="protocol version"):
        ModuleSource("1.1", "")
    with pytest.raises(FactoryError, match="dex_count"):
        FactoryOptions(dex_count=0)


def test_smali_errors_surface_with_its_output(tmp_path):
    broken = ClassDef(
        "public",
        "Lbroken/Broken;",
        methods=(MethodDef("public", "f", "()V", 0, ("const/4 v9999, 0x0", "return-void")),),
    )
    with pytest.raises(FactoryError, match=r"smali failed on .*smali1.*\n.*Broken\.smali"):
        assemble.assemble_dex_files([[broken]], tmp_path, tmp_path)


def test_dex_reference_limit_is_checked_before_assembling(tmp_path, monkeypatch):
    monkeypatch.setattr(assemble, "DEX_REFERENCE_LIMIT", 10)
    with pytest.raises(FactoryError, match=r"classes\.dex would hold \d+ method and \d+ field references"):
        build_dex_files([ModuleSource("v1_1", SMALL)], cache_dir=tmp_path)


def test_cli_builds_an_apk_with_areas(tmp_path):
    source = tmp_path / "ApplicationData.asn1"
    source.write_text(SMALL)
    output = tmp_path / "out" / "test.apk"
    result = CliRunner().invoke(cli, [str(output), f"v2_1:{source}:charging", "--no-tags", "--version-code", "7"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as apk, apk.open("classes.dex") as dex_stream:
        (tmp_path / "classes.dex").write_bytes(dex_stream.read())
    classes = dump_classes(tmp_path / "classes.dex")
    assert "Lcom/saicmotor/telematics/tsgp/otaadapter/mp/v2_1/entity/charging/Reading;" in classes
    tagged = tmp_path / "Tagged.asn1"
    tagged.write_text("M DEFINITIONS ::= BEGIN T ::= SEQUENCE { a [3] INTEGER } END")
    failure = CliRunner().invoke(cli, [str(output), f"v2_1:{tagged}"])
    assert failure.exit_code == 1
    assert "Error: M.T.a: unsupported ASN.1 construct ['tag']" in failure.output


def test_hyphenated_asn1_names_keep_their_spelling_in_annotations():
    [dex] = build_dex_files(module("Vehicle-Status ::= SEQUENCE { door-open BOOLEAN }"))
    cls = dump_classes(dex)["Lcom/saicmotor/telematics/tsgp/otaadapter/mp/v3_0/entity/misc/Vehicle_Status;"]
    assert 'ASN1Sequence; name="Vehicle-Status"' in "\n".join(cls.annotations)
    assert 'isOptional=false name="door-open"' in "\n".join(cls.field_annotations["mDoor_open"])
