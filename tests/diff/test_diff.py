"""Two factory APKs that differ by a known list of changes → exactly that list, with the right verdicts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.diff.changes import diff_snapshots
from extractor.schema.extract import extract
from extractor.schema.output import write_folder
from extractor.schema.stored import load_files
from tests.factory import FactoryOptions, ModuleSource, TypePlacement, build_apk

# Slow (left out of `make test-fast`): builds release APKs with the test-APK factory.
pytestmark = pytest.mark.slow

TRIP_CLASS = "com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.vehicle.Trip"

OLD = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE {
  speed INTEGER(0..255), heading INTEGER(0..359), vin IA5String(SIZE(17)), name IA5String(SIZE(1..20)),
  mileage INTEGER(0..65535), mode Mode DEFAULT eco, level INTEGER(0..10) DEFAULT 3, oldName BOOLEAN,
  removed BOOLEAN OPTIONAL, kind INTEGER(0..7), a BOOLEAN, b BOOLEAN
}
Mode ::= ENUMERATED { eco(0), normal(1), sport(2) }
Colour ::= ENUMERATED { red(0), green(1), blue(2) }
Level ::= ENUMERATED { low(0), high(5) }
Cmd ::= CHOICE { start NULL, stop NULL }
Cmd2 ::= CHOICE { a NULL, b NULL, c NULL, d NULL }
Gone ::= SEQUENCE { x INTEGER }
TripInfo ::= SEQUENCE { km INTEGER(0..1000) }
Same ::= SEQUENCE { s Status, t TripInfo }
END"""

NEW = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE {
  speed INTEGER(0..200), heading INTEGER(0..720), vin IA5String(SIZE(1..17)), name IA5String(SIZE(1..30)),
  mileage INTEGER(0..65535) OPTIONAL, mode Mode DEFAULT sport, level INTEGER(0..10) OPTIONAL, newName BOOLEAN,
  kind BOOLEAN, b BOOLEAN, a BOOLEAN, extra INTEGER(0..3) OPTIONAL
}
Mode ::= ENUMERATED { eco(0), normal(1), sport(2), boost(3) }
Colour ::= ENUMERATED { red(0), blue(2) }
Level ::= ENUMERATED { low(0), high(9) }
Cmd ::= CHOICE { start NULL, stop NULL, pause NULL }
Cmd2 ::= CHOICE { a NULL, b NULL, c NULL }
Fresh ::= SEQUENCE { y BOOLEAN }
TripRecord ::= SEQUENCE { km INTEGER(0..1000) }
Same ::= SEQUENCE { s Status, t TripRecord }
END"""

EXPECTED = {
    ("Status", "speed", "constraint changed", "compatible"),
    ("Status", "heading", "constraint changed", "breaking"),
    ("Status", "vin", "constraint changed", "breaking"),
    ("Status", "name", "constraint changed", "compatible"),
    ("Status", "mileage", "optional toggled", "breaking"),
    ("Status", "mode", "default changed", "breaking"),
    ("Status", "level", "default changed", "compatible"),
    ("Status", "newName", "component renamed", "compatible"),
    ("Status", "removed", "component removed", "breaking"),
    ("Status", "extra", "component added", "breaking"),
    ("Status", "kind", "component type changed", "breaking"),
    ("Status", "", "component reordered", "breaking"),
    ("Mode", "boost", "enum item added", "compatible"),
    ("Colour", "green", "enum item removed", "breaking"),
    ("Level", "high", "enum item renumbered", "compatible"),
    ("Cmd", "pause", "choice alternative added", "breaking"),
    ("Cmd2", "d", "choice alternative removed", "compatible"),
    ("Gone", "", "type removed", "compatible"),
    ("Fresh", "", "type added", "compatible"),
    ("TripRecord", "", "type renamed", "compatible"),
}


# Code using the generated Python package: names and Python types matter, wire widths do not.
EXPECTED_API = {
    ("Status", "speed", "compatible"),
    ("Status", "heading", "compatible"),
    ("Status", "vin", "compatible"),
    ("Status", "name", "compatible"),
    ("Status", "mileage", "breaking"),
    ("Status", "mode", "compatible"),
    ("Status", "level", "breaking"),
    ("Status", "newName", "breaking"),
    ("Status", "removed", "breaking"),
    ("Status", "extra", "compatible"),
    ("Status", "kind", "breaking"),
    ("Status", "", "compatible"),
    ("Mode", "boost", "compatible"),
    ("Colour", "green", "breaking"),
    ("Level", "high", "compatible"),
    ("Cmd", "pause", "compatible"),
    ("Cmd2", "d", "breaking"),
    ("Gone", "", "breaking"),
    ("Fresh", "", "compatible"),
    ("TripRecord", "", "breaking"),
}


def build(text: str, trip_name: str, version_name: str):
    placements = {trip_name: TypePlacement(TRIP_CLASS, trip_name)}
    return build_apk([ModuleSource("v2_1", text, placements)], FactoryOptions(version_name=version_name))


@pytest.fixture(scope="module")
def apks():
    return build(OLD, "TripInfo", "1.0"), build(NEW, "TripRecord", "2.0")


def test_the_diff_reports_exactly_the_known_changes(apks):
    old, new = (load_files(label, extract([apk]).files) for label, apk in zip(("old", "new"), apks))
    changes = diff_snapshots(old, new)
    found = {(change.type_name, change.path, change.kind, change.verdict) for change in changes}
    assert found == EXPECTED
    assert {(change.type_name, change.path, change.api_verdict) for change in changes} == EXPECTED_API
    assert len(changes) == len(EXPECTED)
    assert all(change.reason and change.api_reason for change in changes)


def test_cli_on_apks_and_outputs_with_every_format(apks, tmp_path):
    old_out = tmp_path / "old"
    write_folder(old_out, extract([apks[0]]).files)
    runner = CliRunner()
    text = runner.invoke(main, ["diff", str(old_out), str(apks[1])])
    assert (
        text.exit_code == 1
        and "20 changes: 10 breaking, 10 compatible; 9 break code using the generated Python client" in text.output
    )
    assert "BREAKING" in text.output and "\x1b[" not in text.output
    coloured = runner.invoke(main, ["diff", str(old_out), str(apks[1]), "--color"])
    assert "\x1b[31m" in coloured.output
    markdown = runner.invoke(main, ["diff", str(old_out), str(apks[1]), "--format", "markdown"])
    assert (
        markdown.output.startswith("## Schema diff")
        and "| compatible | **breaking** | type removed |" in markdown.output
    )
    document = json.loads(runner.invoke(main, ["diff", str(old_out), str(apks[1]), "--format", "json"]).output)
    assert document["format"] == 1 and document["summary"] == {
        "changes": 20,
        "breaking": 10,
        "compatible": 10,
        "api_breaking": 9,
    }
    assert set(document["changes"][0]) == {
        "version",
        "module",
        "type_name",
        "path",
        "kind",
        "old",
        "new",
        "verdict",
        "reason",
        "api_verdict",
        "api_reason",
    }


def test_no_change_exits_0(apks, tmp_path):
    result = CliRunner().invoke(main, ["diff", str(apks[0]), str(apks[0])])
    assert result.exit_code == 0 and "no schema changes" in result.output


def test_two_versions_of_one_output(tmp_path):
    apk = build_apk([ModuleSource("v2_1", OLD), ModuleSource("v3_0", NEW)])
    result = CliRunner().invoke(main, ["diff", str(apk), "--versions", "v2_1", "v3_0", "--format", "json"])
    assert result.exit_code == 1
    kinds = {change["kind"] for change in json.loads(result.output)["changes"]}
    assert {"component added", "enum item added", "type added", "type removed"} <= kinds


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["/nonexistent/old", "/nonexistent/new"], "no such file"),
        (["{old}", "--versions", "v2_1", "v9_9"], "has no version v9_9"),
        (["{old}"], "give NEW"),
    ],
)
def test_errors_exit_2(apks, arguments, message):
    result = CliRunner().invoke(main, ["diff", *(argument.format(old=apks[0]) for argument in arguments)])
    assert result.exit_code == 2 and message in result.output
