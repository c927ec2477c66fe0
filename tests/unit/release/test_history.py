"""`history`'s events read from a release index: appearance, change, disappearance, and "since"."""

from __future__ import annotations

import re

import pytest

from extractor.errors import InputError
from extractor.release.history import Subject, since, subject_history
from extractor.schema.output import INDEX_FILE
from tests.unit.release.releases import BASE, WITH_HEADING, new_release, stored_history

RENAMED = "Status ::= SEQUENCE { speed INTEGER(0..255), course INTEGER(0..359) OPTIONAL }"
WIDER = WITH_HEADING.replace("(0..359)", "(0..720)")
TRIP = "Trip ::= SEQUENCE { legs SEQUENCE OF SEQUENCE { km INTEGER(0..999) } }"


def _events(folder, bodies: list[str], subject: Subject) -> list[tuple[str, str]]:
    releases = [new_release(f"1.{number}", 100 + number, body) for number, body in enumerate(bodies)]
    index = stored_history(folder, releases)
    return [(event.release.version_name, event.what) for event in subject_history(index, folder, subject)]


def test_a_component_present_from_the_first_release_then_changed(tmp_path):
    assert _events(tmp_path, [WITH_HEADING, WIDER], Subject("Status", "heading")) == [
        ("1.0", "appeared"),
        ("1.1", "changed"),
    ]


def test_a_component_removed_and_added_again_is_there_since_the_second_time(tmp_path):
    bodies = [WITH_HEADING, BASE, WITH_HEADING]
    releases = [new_release(f"1.{number}", 100 + number, body) for number, body in enumerate(bodies)]
    index = stored_history(tmp_path, releases)
    events = subject_history(index, tmp_path, Subject("Status", "heading"))
    assert [(event.release.version_name, event.what) for event in events] == [
        ("1.0", "appeared"),
        ("1.1", "disappeared"),
        ("1.2", "appeared"),
    ]
    assert {version: event.release.version_name for version, event in since(events).items()} == {"v2_1": "1.2"}
    assert since(events[:2]) == {}


def test_a_renamed_component_disappears_under_the_old_name_and_appears_under_the_new(tmp_path):
    assert _events(tmp_path, [WITH_HEADING, RENAMED], Subject("Status", "heading")) == [
        ("1.0", "appeared"),
        ("1.1", "disappeared"),
    ]
    assert _events(tmp_path / "again", [WITH_HEADING, RENAMED], Subject("Status", "course")) == [("1.1", "appeared")]


def test_a_nested_component_of_a_type_added_later_appears_with_the_type(tmp_path):
    bodies = [BASE, f"{BASE}\n{TRIP}"]
    assert _events(tmp_path, bodies, Subject("Trip", "legs[].km")) == [("1.1", "appeared")]
    assert _events(tmp_path / "type", bodies, Subject("Trip")) == [("1.1", "appeared")]
    assert _events(tmp_path / "absent", bodies, Subject("Trip", "legs[].miles")) == []


def test_a_type_that_is_removed_disappears(tmp_path):
    bodies = [f"{BASE}\n{TRIP}", BASE]
    assert _events(tmp_path, bodies, Subject("Trip")) == [("1.0", "appeared"), ("1.1", "disappeared")]
    assert _events(tmp_path / "component", bodies, Subject("Trip", "legs")) == [
        ("1.0", "appeared"),
        ("1.1", "disappeared"),
    ]


SPEED_UP_TO = "Status ::= SEQUENCE {{ speed INTEGER(0..{}) }}"
# Trip reaches `km` only through references: a component of type Legs, a SEQUENCE OF Leg, a CHOICE around it.
TRIP_BY_REFERENCE = (
    "Trip ::= SEQUENCE { legs Legs }\n"
    "Legs ::= SEQUENCE OF Leg\n"
    "Leg ::= SEQUENCE { km INTEGER(0..999) }\n"
    "Journey ::= CHOICE { trip Trip, none NULL }"
)


def test_releases_follow_their_version_codes_as_numbers_whatever_order_they_arrive_in(tmp_path):
    # 9 < 10 < 99 < 100 as numbers; as text they would sort 10, 100, 9, 99.
    arrivals = [(100, 800), (9, 100), (99, 400), (10, 200)]
    releases = [new_release(f"r{code}", code, SPEED_UP_TO.format(upper)) for code, upper in arrivals]
    index = stored_history(tmp_path, releases)
    events = subject_history(index, tmp_path, Subject("Status", "speed"))
    assert [(event.release.version_code, event.what) for event in events] == [
        (9, "appeared"),
        (10, "changed"),
        (99, "changed"),
        (100, "changed"),
    ]
    changes = [event.change for event in events[1:] if event.change is not None]
    assert [(change["old"], change["new"]) for change in changes] == [
        ("(0..100)", "(0..200)"),
        ("(0..200)", "(0..400)"),
        ("(0..400)", "(0..800)"),
    ]


def test_one_version_code_is_ordered_by_the_version_name_as_numbers(tmp_path):
    releases = [new_release("1.10", 7, WITH_HEADING), new_release("1.9", 7, BASE)]
    assert [
        (event.release.version_name, event.what)
        for event in subject_history(stored_history(tmp_path, releases), tmp_path, Subject("Status", "heading"))
    ] == [("1.10", "appeared")]


def test_a_component_of_the_first_release_is_found_through_references_choices_and_lists(tmp_path):
    bodies = [f"{BASE}\n{TRIP_BY_REFERENCE}"]
    assert _events(tmp_path / "list", bodies, Subject("Trip", "legs[].km")) == [("1.0", "appeared")]
    assert _events(tmp_path / "choice", bodies, Subject("Journey", "trip.legs[].km")) == [("1.0", "appeared")]
    assert _events(tmp_path / "alternative", bodies, Subject("Journey", "none")) == [("1.0", "appeared")]
    assert _events(tmp_path / "no-element", bodies, Subject("Trip", "legs.km")) == []
    assert _events(tmp_path / "inside-integer", bodies, Subject("Leg", "km.metres")) == []
    assert _events(tmp_path / "no-type", bodies, Subject("Route", "legs")) == []


def test_a_component_reached_through_references_goes_with_its_removed_type(tmp_path):
    bodies = [f"{BASE}\n{TRIP_BY_REFERENCE}", BASE]
    assert _events(tmp_path, bodies, Subject("Journey", "trip.legs[].km")) == [
        ("1.0", "appeared"),
        ("1.1", "disappeared"),
    ]
    assert _events(tmp_path / "absent", bodies, Subject("Journey", "trip.legs[].miles")) == []


def test_a_renamed_type_disappears_under_the_old_name_and_appears_under_the_new(tmp_path):
    renamed = WITH_HEADING.replace("Status ::=", "VehicleStatus ::=")
    releases = [
        new_release("1.0", 100, WITH_HEADING),
        new_release("1.1", 101, renamed, classes={"VehicleStatus": "com.example.Status"}),
    ]
    index = stored_history(tmp_path, releases)

    def events(subject: Subject) -> list[tuple[str, str]]:
        return [(event.release.version_name, event.what) for event in subject_history(index, tmp_path, subject)]

    assert events(Subject("Status")) == [("1.0", "appeared"), ("1.1", "disappeared")]
    assert events(Subject("VehicleStatus")) == [("1.1", "appeared")]
    assert events(Subject("Status", "heading")) == [("1.0", "appeared"), ("1.1", "disappeared")]


def test_a_release_folder_without_its_index_json_is_named(tmp_path):
    index = stored_history(tmp_path, [new_release("1.0", 100, BASE)])
    (tmp_path / "1.0" / INDEX_FILE).unlink()
    with pytest.raises(InputError, match=rf"^{re.escape(str(tmp_path / '1.0' / INDEX_FILE))}: cannot read"):
        subject_history(index, tmp_path, Subject("Status"))


def test_a_component_of_a_renamed_type_appears_under_the_new_name(tmp_path):
    renamed = WITH_HEADING.replace("Status ::=", "VehicleStatus ::=")
    releases = [
        new_release("1.0", 100, WITH_HEADING),
        new_release("1.1", 101, renamed, classes={"VehicleStatus": "com.example.Status"}),
    ]
    index = stored_history(tmp_path, releases)
    events = subject_history(index, tmp_path, Subject("VehicleStatus", "heading"))
    assert [(event.release.version_name, event.what) for event in events] == [("1.1", "appeared")]
