"""The `saic-asn1` command as a user runs it: summaries, JSON, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factory import FactoryOptions, ModuleSource, build_apk

MODULE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Ping ::= SEQUENCE { counter INTEGER(0..255), note IA5String(SIZE(1..8)) OPTIONAL }
END"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture(scope="module")
def apk() -> Path:
    options = FactoryOptions(package="com.example.ismart", version_name="2.3.4", version_code=234, module_classes=True)
    return build_apk([ModuleSource("v2_1", MODULE), ModuleSource("v3_0", MODULE)], options)


def test_extract_prints_a_summary_and_writes_the_modules(apk, tmp_path):
    out = tmp_path / "out"
    result = run("extract", str(apk), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 protocol versions" in result.stdout and "versionName 2.3.4" in result.stdout
    assert "v2_1" in result.stdout and "v3_0" in result.stdout
    assert str(out) in result.stdout and "warnings: 0" in result.stdout
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.asn1")) == [
        "v2_1/ApplicationData.asn1",
        "v3_0/ApplicationData.asn1",
    ]


def test_extract_twice_gives_byte_identical_output(apk, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("extract", str(apk), "-o", str(first), "-q").returncode == 0
    assert run("extract", str(apk), "-o", str(second), "-q").returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


@pytest.mark.parametrize("spelling", [["--format", "json"], ["--json"]], ids=" ".join)
def test_inspect_json(apk, spelling):
    result = run("inspect", str(apk), *spelling)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["package"] == "com.example.ismart" and report["versionCode"] == 234
    module = "com.saicmotor.telematics.tsgp.otaadapter.mp.{}.entity.ApplicationDataModule"
    assert report["versions"] == {
        version: {
            "classes": 2,
            "types": 1,
            "plain_classes": 0,
            "declared_modules": [
                {"name": "ApplicationDataModule", "java_class": module.format(version), "isImplicitTags": False}
            ],
        }
        for version in ("v2_1", "v3_0")
    }


@pytest.mark.parametrize("spelling", [[], ["--format", "text"]], ids=lambda spelling: " ".join(spelling) or "default")
def test_inspect_text(apk, spelling):
    result = run("inspect", str(apk), *spelling)
    assert result.returncode == 0 and "versionName  2.3.4" in result.stdout
    assert (
        "  v3_0         2 classes,     1 ASN.1 type,   0 plain classes\n"
        "             modules with AUTOMATIC or EXPLICIT TAGS: ApplicationDataModule\n" in result.stdout
    )


def test_the_old_json_flag_is_hidden_and_contradicting_format_is_a_usage_error(apk):
    assert "--json" not in run("inspect", "--help").stdout
    assert run("inspect", str(apk), "--json", "--format", "json").returncode == 0
    result = run("inspect", str(apk), "--json", "--format", "text")
    assert result.returncode == 2 and "--json is --format json: give one of them" in result.stderr


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"plain text", 3, "bad.apk: not a valid APK or bundle"),
        (None, 4, "no annotated classes under com.saicmotor.telematics.tsgp.otaadapter.mp.<version>"),
    ],
)
def test_bad_input_is_one_line_with_a_documented_code_and_nothing_written(tmp_path, content, code, message):
    bad = tmp_path / "bad.apk"
    if content is None:
        bad = build_apk([], FactoryOptions(filler_classes=5))
    else:
        bad.write_bytes(content)
    out = tmp_path / "out"
    result = run("extract", str(bad), "-o", str(out))
    assert result.returncode == code
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_foreign_output_folder_is_refused(apk, tmp_path):
    (tmp_path / "mine.txt").write_text("x")
    result = run("extract", str(apk), "-o", str(tmp_path))
    assert result.returncode == 7 and "--force" in result.stderr
    assert run("extract", str(apk), "-o", str(tmp_path), "--force", "-q").returncode == 0
