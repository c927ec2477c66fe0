"""`validate --witness pycrate`: the second decoder on the user's own captures."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from extractor.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.slow  # compiles the corpus schemas with pycrate
def test_validate_with_the_pycrate_witness_passes_the_corpus(corpus, extracted_schemas):
    manifest = str(corpus / "payloads" / "manifest.json")
    result = invoke("validate", manifest, "--schemas", str(extracted_schemas), "--witness", "pycrate")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("45 passed, 0 failed; every payload also decoded and re-encoded by pycrate")
    report = json.loads(
        invoke("validate", manifest, "--schemas", str(extracted_schemas), "--witness", "pycrate", "--json").output
    )
    assert report["witness"] == "pycrate" and report["passed"] == 45


def test_without_pycrate_the_witness_says_which_extra_to_install(corpus, extracted_schemas, monkeypatch):
    monkeypatch.setitem(sys.modules, "pycrate_asn1c", None)
    result = CliRunner().invoke(
        main,
        ["validate", str(corpus / "payloads" / "v1_1"), "--schemas", str(extracted_schemas), "--witness", "pycrate"],
    )
    assert result.exit_code == 3
    assert (
        result.output
        == "saic-asn1: error: the pycrate witness needs pycrate: pip install 'saic-asn1-extractor[witness]'\n"
    )
