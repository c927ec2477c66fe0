"""The bundled sample: its spec comes back out, and the committed extraction is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.schema.extract import extract
from tests.asn1_structure import spec_differences
from tests.factory import build_apk
from tests.golden import difference
from tests.sample.spec import SAMPLE_OPTIONS, sample_modules

# Slow (left out of `make test-fast`): builds the sample APK with the test-APK factory.
pytestmark = pytest.mark.slow

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLE_APK = REPOSITORY / "samples" / "ismart-sample.apk"
SAMPLE_OUTPUT = REPOSITORY / "generated_schemas" / "sample"


def test_sample_spec_round_trips_through_a_built_apk():
    result = extract([build_apk(sample_modules(), SAMPLE_OPTIONS)])
    assert spec_differences(sample_modules(), result.files) == []
    assert result.extraction.warnings == ()


def test_committed_sample_output_is_what_the_committed_apk_gives():
    files = extract([SAMPLE_APK]).files
    committed = {
        path.relative_to(SAMPLE_OUTPUT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SAMPLE_OUTPUT.rglob("*"))
        if path.is_file() and path.relative_to(SAMPLE_OUTPUT).parts[0] != "python"
    }
    assert committed == files, difference("generated_schemas/sample", committed, files)
