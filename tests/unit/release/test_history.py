"""`history`'s events read from a release index: appearance, change, disappearance, and "since"."""

from __future__ import annotations

from extractor.release.history import Subject, since, subject_history
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
