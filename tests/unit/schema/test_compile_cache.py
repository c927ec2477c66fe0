"""The compile cache: asn1tools compiles each distinct module text once; failures are never remembered."""

import pytest

from extractor.errors import ValidationError
from extractor.schema import compile_cache, validate
from extractor.schema.compile_cache import has_compiled, remember_compiled

MODULE = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\nPing ::= SEQUENCE { n INTEGER (0..7) }\nEND\n"
BROKEN = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\nPing ::= SEQUENCE { n Missing }\nEND\n"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SAIC_ASN1_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_module_that_compiled_is_not_compiled_again(monkeypatch):
    validate.validate_modules({"v1_1/A.asn1": MODULE})
    assert has_compiled(MODULE)
    monkeypatch.setattr(validate, "compile_module", lambda text, label: pytest.fail(f"{label} compiled again"))
    validate.validate_modules({"v2_1/A.asn1": MODULE})


def test_the_first_failure_is_raised_and_not_remembered():
    with pytest.raises(ValidationError, match=r"^v1_1/B.asn1: does not compile with asn1tools \(uper\): "):
        validate.validate_modules({"v1_1/A.asn1": MODULE, "v1_1/B.asn1": BROKEN, "v1_1/C.asn1": BROKEN + " "})
    assert not has_compiled(BROKEN)


def test_progress_counts_the_modules_compiled():
    reports = []
    validate.validate_modules(
        {"v1_1/A.asn1": MODULE, "v1_1/B.asn1": MODULE + "\n"}, lambda *report: reports.append(report)
    )
    validate.validate_modules({"v1_1/A.asn1": MODULE}, lambda *report: reports.append(report))
    assert reports == [(1, 2), (2, 2)]


def test_the_key_is_the_text_and_the_asn1tools_version(monkeypatch):
    remember_compiled(MODULE)
    assert has_compiled(MODULE) and not has_compiled(MODULE + "\n")
    monkeypatch.setattr(compile_cache, "_asn1tools_version", lambda: "0.0.0")
    assert not has_compiled(MODULE)


def test_an_empty_setting_switches_the_cache_off(monkeypatch):
    monkeypatch.setenv("SAIC_ASN1_CACHE", "")
    remember_compiled(MODULE)
    assert not has_compiled(MODULE)


def test_a_cache_that_cannot_be_written_only_costs_time(monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("SAIC_ASN1_CACHE", str(tmp_path / "a-file"))
    validate.validate_modules({"v1_1/A.asn1": MODULE})
    assert not has_compiled(MODULE)


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("SAIC_ASN1_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    remember_compiled(MODULE)
    assert len(list((tmp_path / "xdg" / "saic-asn1" / "compiled").iterdir())) == 1
