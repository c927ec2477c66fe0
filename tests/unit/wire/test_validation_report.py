"""The report of `saic-asn1 validate`, text and JSON, against hand-written expectations."""

from __future__ import annotations

import json

from extractor.wire.batch import RoundTrip, ValidationReport

PASSED = RoundTrip("v1_1/a.hex", "v1_1", "OTARVMVehicleStatusReq", "catalog", True, "ok")
FAILED = RoundTrip("argument 2", None, None, None, False, "payload is not hex: 'z' at character 3")


def test_text_is_a_table_sized_to_the_longest_payload_then_the_totals():
    assert ValidationReport([PASSED, FAILED], None).to_text().splitlines() == [
        "payload     version  type                            chosen by  result",
        "v1_1/a.hex  v1_1     OTARVMVehicleStatusReq          catalog    ok",
        "argument 2  -        -                               -          payload is not hex: 'z' at character 3",
        "1 passed, 1 failed",
    ]


def test_text_says_when_pycrate_also_checked_every_payload():
    assert ValidationReport([PASSED], "pycrate").to_text().splitlines()[-1] == (
        "1 passed, 0 failed; every payload also decoded and re-encoded by pycrate"
    )


def test_json_counts_and_lists_every_payload():
    report = ValidationReport([PASSED, FAILED], "pycrate")
    assert (report.passed, report.failed) == (1, 1)
    assert json.loads(report.to_json()) == {
        "passed": 1,
        "failed": 1,
        "witness": "pycrate",
        "payloads": [
            {
                "payload": "v1_1/a.hex",
                "version": "v1_1",
                "type_name": "OTARVMVehicleStatusReq",
                "choice": "catalog",
                "ok": True,
                "detail": "ok",
            },
            {
                "payload": "argument 2",
                "version": None,
                "type_name": None,
                "choice": None,
                "ok": False,
                "detail": "payload is not hex: 'z' at character 3",
            },
        ],
    }
