"""The corpus proof: an APK shaped like the real app reproduces the ground truth and decodes real traffic."""

from __future__ import annotations

import dataclasses
import json

import pytest

from extractor.read.dex import read_classes
from extractor.read.inputs import load_input
from extractor.schema.interpret import census
from extractor.wire.runtime.codec import decode_message
from extractor.wire.schemas import Schemas
from tests.conformance.check import (
    VersionReport,
    compare_types,
    extract_fixture,
    round_trip_payloads,
)
from tests.conformance.fixture import FIXTURE_OPTIONS, VERSIONS
from tests.factory import build_apk

# Slow (left out of `make test-fast`): builds and extracts variants of the conformance APK.
pytestmark = pytest.mark.slow


def reports() -> dict[str, VersionReport]:
    return {version: VersionReport(version) for version in VERSIONS}


def test_every_ground_truth_type_is_extracted_equal(conformance_fixture, conformance_extraction):
    results = reports()
    compare_types(conformance_fixture, conformance_extraction, results)
    assert [problem for report in results.values() for problem in report.problems] == []
    assert all(report.types_equal == report.types_total > 0 for report in results.values())


def test_every_payload_round_trips_with_the_extracted_schemas(corpus, extracted_schemas):
    results = reports()
    round_trip_payloads(corpus, extracted_schemas, results)
    assert [problem for report in results.values() for problem in report.problems] == []
    assert sum(report.payloads_ok for report in results.values()) == 45


def test_extraction_is_clean_and_holds_the_v1_2_classes_v1_1_uses(conformance_extraction):
    assert conformance_extraction.extraction.warnings == ()
    assert {version.version for version in conformance_extraction.extraction.versions} == {
        "v1_1",
        "v1_2",
        "v2_1",
        "v3_0",
    }
    index = json.loads(conformance_extraction.files["index.json"])["types"]
    legacy = {
        entry["name"] for entry in index if ".message.v1_0." in entry["java_class"] and entry["version"] == "v1_1"
    }
    assert legacy == {"MessageV10", "ContentIdV10", "Timestamp"}


def test_the_wrapped_dispatcher_length_is_decoded_from_the_stream(corpus, extracted_schemas):
    text = (corpus / "payloads" / "v1_1" / "501_513_response_lock_out.hex").read_text().strip()
    decoded = decode_message(text, Schemas(extracted_schemas))
    assert decoded.header["dispatcherMessageLength"] == 12
    assert decoded.body_size + 4 == 268


def test_protocol_version_18_uses_v1_1_where_v1_2_lacks_the_type(corpus, extracted_schemas):
    text = (corpus / "payloads" / "v1_1" / "501_513_request.hex").read_text().strip()
    as_v1_2 = text[:5] + "12" + text[7:]
    decoded = decode_message(as_v1_2, Schemas(extracted_schemas))
    assert decoded.schema_version == "v1_1" and decoded.application_data_type == "MPUserLoggingInReq"
    assert Schemas(extracted_schemas).find(18, "ApplicationData.asn1", "Message")[0] == "v1_2"


def test_without_tags_the_init_order_gives_the_same_schemas(conformance_fixture, conformance_extraction):
    untagged = extract_fixture(conformance_fixture, dataclasses.replace(FIXTURE_OPTIONS, tags=False))
    assert untagged.files.keys() == conformance_extraction.files.keys()
    for name, text in conformance_extraction.files.items():
        if name != "index.json":
            assert _without_header(untagged.files[name]) == _without_header(text), name
    assert untagged.extraction.warnings == ()


def test_without_tags_or_stores_every_multi_component_class_is_warned(conformance_fixture):
    stripped = extract_fixture(conformance_fixture, dataclasses.replace(FIXTURE_OPTIONS, tags=False, init_stores=False))
    warned = {warning.split(":", 1)[0] for warning in stripped.extraction.warnings if "DEX order" in warning}
    assert "com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.vehicle.RvsBasicStatus25857" in warned
    assert "com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.dispatcher.MP_DispatcherBody" in warned
    assert len(warned) > 30


def _without_header(text: str, declared: bool = False) -> str:
    """Module text without the comment that names the input's sha256 (and, if `declared`, those naming
    the modules the app declares)."""
    dropped = ("-- Input:", "-- The app declares") if declared else ("-- Input:",)
    return "\n".join(line for line in text.splitlines() if not line.startswith(dropped))


def test_the_module_classes_are_declared_modules_not_types(conformance_extraction):
    declared = json.loads(conformance_extraction.files["index.json"])["declared_modules"]
    names = {version: sorted(module["name"] for module in modules) for version, modules in declared.items()}
    dispatcher_and_data = ["ApplicationDataModule", "MPDispatcherBodyModule", "MPDispatcherHeaderModule"]
    assert names == {
        "v1_1": sorted([*dispatcher_and_data, "LegacyMessageModule"]),
        "v1_2": [],
        "v2_1": dispatcher_and_data,
        "v3_0": dispatcher_and_data,
    }
    assert not any(module["isImplicitTags"] for modules in declared.values() for module in modules)
    index = json.loads(conformance_extraction.files["index.json"])["types"]
    assert not any(entry["java_class"].endswith("Module") for entry in index)


def test_plain_classes_are_counted_not_extracted(conformance_fixture):
    records = read_classes(
        load_input([build_apk(list(conformance_fixture.sources), FIXTURE_OPTIONS)]).dex_files
    ).records
    counts = census(list(records))
    assert {version: count.plain_classes for version, count in counts.items()} == {
        "v1_1": 4,
        "v1_2": 0,
        "v2_1": 3,
        "v3_0": 3,
    }


def test_without_module_classes_and_foreign_annotations_the_schemas_are_the_same(
    conformance_fixture, conformance_extraction
):
    bare_options = dataclasses.replace(
        FIXTURE_OPTIONS, module_classes=False, foreign_annotations=False, plain_classes=False
    )
    bare = extract_fixture(conformance_fixture, bare_options)
    assert bare.files.keys() == conformance_extraction.files.keys()
    for name, text in conformance_extraction.files.items():
        if name != "index.json":
            assert _without_header(bare.files[name]) == _without_header(text, declared=True), name
    assert bare.extraction.warnings == conformance_extraction.extraction.warnings == ()
    bare_index = json.loads(bare.files["index.json"])
    assert bare_index["types"] == json.loads(conformance_extraction.files["index.json"])["types"]
    assert all(modules == [] for modules in bare_index["declared_modules"].values())


def test_a_type_the_ground_truth_does_not_have_is_a_problem(conformance_fixture, conformance_extraction):
    path = "v2_1/ApplicationData.asn1"
    text = conformance_extraction.files[path]
    files = conformance_extraction.files | {path: text[: text.rindex("END")] + "Intruder ::= INTEGER\nEND\n"}
    results = reports()
    compare_types(conformance_fixture, dataclasses.replace(conformance_extraction, files=files), results)
    assert results["v2_1"].problems == [f"{path}: types the ground truth does not have: Intruder"]
