"""Hostile and broken input: one-line errors with documented exit codes, no traceback, nothing written."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from extractor.cli import main
from tests.factory import (
    FactoryOptions,
    ModuleSource,
    TypePlacement,
    build_apk,
    build_dex_files,
)
from tests.hostile import crafted

SIMPLE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Ping ::= SEQUENCE { counter INTEGER(0..255), note IA5String(SIZE(1..8)) OPTIONAL }
END"""


def run_extract(tmp_path: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> tuple[Result, set[Path]]:
    """Run `extract` into tmp_path/out; the result, and whether anything at all was written."""
    out = tmp_path / "out"
    before = set(tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["extract", *map(str, inputs), "--out", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    written = set(tmp_path.rglob("*")) - before
    return result, written


def assert_clean_failure(result, written, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert result.output.startswith("saic-asn1: error: ") and result.output.count("\n") == 1
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output
    assert written == set()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def simple_dex() -> bytes:
    (dex,) = build_dex_files([ModuleSource("v2_1", SIMPLE)])
    return dex.read_bytes()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"MZ\x90\x00 this is not a zip", "bad.apk: not a valid APK or bundle"),
        (zip_of({"classes.dex": b"dex\n035\x00" + bytes(200)})[:-25], "bad.apk: not a valid APK or bundle"),
        (zip_of({"res/raw/a.bin": b"x"}), "bad.apk: holds no dex files"),
        (zip_of({"classes.dex": b"PK\x03\x04 not dex"}), "bad.apk!classes.dex: not a dex file (bad magic)"),
    ],
    ids=["not-a-zip", "truncated-zip", "zip-without-dex", "bad-magic"],
)
def test_broken_archives(tmp_path, content, fragment):
    bad = tmp_path / "bad.apk"
    bad.write_bytes(content)
    assert_clean_failure(*run_extract(tmp_path, bad), 3, fragment)


def _map_offset_out_of_range(dex: bytes) -> bytes:
    return crafted.with_checksum(dex[:52] + struct.pack("<I", len(dex) + 4096) + dex[56:])


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        (lambda dex: dex[: len(dex) // 2], "classes.dex: corrupt dex"),
        (lambda dex: dex[:200] + bytes(64) + dex[264:], "classes.dex: corrupt dex"),
        (_map_offset_out_of_range, "classes.dex: corrupt dex"),
    ],
    ids=["truncated", "checksum-mismatch", "offset-out-of-range"],
)
def test_corrupt_dex(tmp_path, damage, fragment):
    bad = tmp_path / "bad.apk"
    bad.write_bytes(zip_of({"classes.dex": damage(simple_dex())}))
    assert_clean_failure(*run_extract(tmp_path, bad), 3, fragment)


def test_no_target_packages_names_the_closest(tmp_path):
    elsewhere = TypePlacement("com.saicmotor.telematics.tsgp.otaadapter.mq.v2_1.entity.Ping", "Ping")
    apk = build_apk([ModuleSource("v2_1", SIMPLE, {"Ping": elsewhere})], FactoryOptions(filler_classes=20))
    assert_clean_failure(
        *run_extract(tmp_path, apk),
        4,
        "no annotated classes under com.saicmotor.telematics.tsgp.otaadapter.mp.<version>",
        "closest packages: com.saicmotor.telematics.tsgp.otaadapter.mq.v2_1.entity",
    )


def test_missing_annotation_interfaces_fall_back_and_say_so(tmp_path):
    apk = build_apk([ModuleSource("v2_1", SIMPLE)], FactoryOptions(annotation_interfaces=False))
    result, _ = run_extract(tmp_path, apk)
    assert result.exit_code == 0 and "annotation interfaces are not in the input" in result.output


def unknown_annotation_apk(tmp_path: Path) -> Path:
    return crafted.build_apk(
        {
            "Broken": crafted.sequence_class(
                "Broken", "Broken", crafted.field("f_", "f", "Ljava/lang/Long;", 0, "ASN1Frobnicate")
            ),
            "User": crafted.sequence_class("User", "User", crafted.reference_field("b_", "broken", "Broken", 0)),
            "Fine": crafted.sequence_class("Fine", "Fine", crafted.integer_field("n_", "n", 0)),
        },
        tmp_path / "build",
    )


def test_unknown_annotation_names_class_and_field(tmp_path):
    apk = unknown_annotation_apk(tmp_path)
    assert_clean_failure(*run_extract(tmp_path, apk), 5, "entity.misc.Broken.f_: unknown annotation ASN1Frobnicate")


def test_keep_going_skips_the_type_and_its_users(tmp_path):
    apk = unknown_annotation_apk(tmp_path)
    result, _ = run_extract(tmp_path, apk, extra=("--keep-going",))
    assert result.exit_code == 0, result.output
    assert "skipped com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.misc.Broken" in result.output
    assert "skipped com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.misc.User: it uses" in result.output
    text = (tmp_path / "out" / "v2_1" / "ApplicationData.asn1").read_text()
    assert "Fine ::=" in text and "Broken" not in text.split("BEGIN")[1] and "User ::=" not in text


def test_reference_to_a_class_not_in_the_apk(tmp_path):
    apk = crafted.build_apk(
        {"Holder": crafted.sequence_class("Holder", "Holder", crafted.reference_field("m_", "missing", "Missing", 0))},
        tmp_path / "build",
    )
    assert_clean_failure(*run_extract(tmp_path, apk), 5, "Holder.m_: type class", "Missing is not in the input")


def test_recursive_types_render_and_compile(tmp_path):
    text = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Node ::= SEQUENCE { value INTEGER(0..9), next Node OPTIONAL, children SEQUENCE OF Node }
Tree ::= CHOICE { leaf INTEGER(0..3), pair SEQUENCE { left Tree, right Tree } }
END"""
    result, _ = run_extract(tmp_path, build_apk([ModuleSource("v2_1", text)]))
    assert result.exit_code == 0, result.output
    module = (tmp_path / "out" / "v2_1" / "ApplicationData.asn1").read_text()
    assert "next Node OPTIONAL" in module and "left Tree" in module


def test_oversized_dex_is_refused_before_inflating(tmp_path):
    apk = build_apk([ModuleSource("v2_1", SIMPLE)])
    result, written = run_extract(tmp_path, apk, extra=("--max-dex-size", "1000"))
    assert_clean_failure(result, written, 3, "classes.dex: declared size", "exceeds the limit of 1000 bytes")


def test_bundle_entries_with_traversal_names_are_never_written(tmp_path):
    inner = build_apk([ModuleSource("v2_1", SIMPLE)]).read_bytes()
    bundle = tmp_path / "app.xapk"
    bundle.write_bytes(zip_of({"../../escaped.apk": inner, "/abs/base.apk": inner, "manifest.json": b"{}"}))
    workdir = tmp_path / "work"
    workdir.mkdir()
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        result, _ = run_extract(tmp_path, bundle)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert not list(workdir.iterdir()) and not (tmp_path.parent / "escaped.apk").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["app.xapk", "out", "work"]


def test_comments_cannot_be_broken_out_of(tmp_path):
    apk = crafted.build_apk(
        {"Evil": crafted.sequence_class("Evil--Class", "Evil", crafted.integer_field("n_", "n", 0))}, tmp_path / "build"
    )
    result, _ = run_extract(tmp_path, apk)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "v2_1" / "ApplicationData.asn1").read_text()
    assert "entity.misc.Evil-\\u002dClass" in text and "Evil--Class" not in text


@pytest.mark.parametrize("name", ["Bad\\n-- injected", "INTEGER", "Has Space", "x"])
def test_names_that_stay_invalid_are_rejected(tmp_path, name):
    apk = crafted.build_apk(
        {"A": crafted.sequence_class("A", name, crafted.integer_field("n_", "n", 0))}, tmp_path / "build"
    )
    expected = "x" if name == "x" else "not a valid ASN.1 type reference"
    result, written = run_extract(tmp_path, apk)
    if name == "x":
        assert (
            result.exit_code == 0
            and "X ::= SEQUENCE" in (tmp_path / "out" / "v2_1" / "ApplicationData.asn1").read_text()
        )
    else:
        assert_clean_failure(result, written, 5, "entity.misc.A: type name", expected)
