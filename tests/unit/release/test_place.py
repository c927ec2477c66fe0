"""Placing releases: order, which release stores the schemas, and the changes against the real predecessor."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from extractor.errors import InputError
from extractor.release.place import Placement, place
from extractor.schema.output import write_folder
from tests.unit.release.releases import BASE, WITH_HEADING, new_release

PACKAGE = "com.example"


def _apply(folder, placement: Placement) -> None:
    """What `regenerate` does with a placement, reduced to the folders."""
    for name in placement.removals:
        for path in sorted((folder / name).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        (folder / name).rmdir()
    for name, files in placement.writes.items():
        write_folder(folder / name, files)


def _rows(placement: Placement) -> list[tuple]:
    return [
        (release.version_name, release.stored, release.folder, [change["kind"] for change in release.changes])
        for release in placement.index.releases
    ]


def test_a_release_inserted_before_its_twin_stores_the_schemas_and_takes_the_changes(tmp_path):
    oldest, newest, backfilled = (
        new_release("3.1.0", 310, BASE),
        new_release("3.2.0", 320, WITH_HEADING),
        new_release("3.1.5", 315, WITH_HEADING),
    )
    first = place(tmp_path, None, PACKAGE, [newest, oldest])
    assert _rows(first) == [("3.1.0", True, "3.1.0", []), ("3.2.0", True, "3.2.0", ["component added"])]
    _apply(tmp_path, first)
    second = place(tmp_path, first.index, PACKAGE, [backfilled])
    assert _rows(second) == [
        ("3.1.0", True, "3.1.0", []),
        ("3.1.5", True, "3.1.5", ["component added"]),
        ("3.2.0", False, "3.1.5", []),
    ]
    assert set(second.writes) == {"3.1.5"} and second.removals == ("3.2.0",) and second.renames == {}
    previous = {release.version_name: release.previous for release in second.index.releases}
    assert previous == {"3.1.0": None, "3.1.5": oldest.entry.sha256, "3.2.0": backfilled.entry.sha256}


def test_a_release_with_the_schemas_of_an_older_one_points_there_and_lists_the_revert(tmp_path):
    placement = place(
        tmp_path,
        None,
        PACKAGE,
        [new_release("3", 3, BASE), new_release("1", 1, BASE), new_release("2", 2, WITH_HEADING)],
    )
    assert _rows(placement) == [
        ("1", True, "1", []),
        ("2", True, "2", ["component added"]),
        ("3", False, "1", ["component removed"]),
    ]


def test_a_second_release_with_the_same_version_name_renames_the_stored_folder(tmp_path):
    original = new_release("1.0", 100, BASE)
    first = place(tmp_path, None, PACKAGE, [original])
    _apply(tmp_path, first)
    regional = new_release("1.0", 101, WITH_HEADING)
    second = place(tmp_path, first.index, PACKAGE, [regional])
    assert second.renames == {"1.0": f"1.0-{original.entry.sha256[:12]}"}
    assert set(second.writes) == {f"1.0-{regional.entry.sha256[:12]}"}


def test_recorded_changes_are_reused_unless_the_diff_now_gives_more_fields(tmp_path):
    first = place(tmp_path, None, PACKAGE, [new_release("1.0", 100, BASE), new_release("1.1", 110, WITH_HEADING)])
    _apply(tmp_path, first)
    marked = tuple({**change, "reason": "recorded"} for change in first.index.releases[1].changes)
    recorded = replace(
        first.index, releases=(first.index.releases[0], replace(first.index.releases[1], changes=marked))
    )
    later = place(tmp_path, recorded, PACKAGE, [new_release("1.2", 120, WITH_HEADING)])
    assert [change["reason"] for change in later.index.releases[1].changes] == ["recorded"]
    older_diff = tuple({key: value for key, value in change.items() if key != "verdict"} for change in marked)
    recorded = replace(recorded, releases=(recorded.releases[0], replace(recorded.releases[1], changes=older_diff)))
    recomputed = place(tmp_path, recorded, PACKAGE, [new_release("1.2", 120, WITH_HEADING)])
    assert recomputed.index.releases[1].changes == first.index.releases[1].changes


def test_each_release_diffs_against_the_one_with_the_next_smaller_version_code(tmp_path):
    # 9 < 10 < 99 < 100 as numbers (as text: 10, 100, 9, 99); each release widens speed's range.
    uppers = {9: 100, 10: 200, 99: 400, 100: 800}
    releases = {
        code: new_release(f"r{code}", code, f"Status ::= SEQUENCE {{ speed INTEGER(0..{upper}) }}")
        for code, upper in uppers.items()
    }
    placement = place(tmp_path, None, PACKAGE, [releases[code] for code in (100, 9, 99, 10)])
    placed = placement.index.releases
    assert [release.version_code for release in placed] == [9, 10, 99, 100]
    assert [release.previous for release in placed] == [None] + [releases[code].entry.sha256 for code in (9, 10, 99)]
    assert [[(change["old"], change["new"]) for change in release.changes] for release in placed] == [
        [],
        [("(0..100)", "(0..200)")],
        [("(0..200)", "(0..400)")],
        [("(0..400)", "(0..800)")],
    ]


def test_a_stored_folder_that_lost_its_schemas_is_named_by_its_release(tmp_path):
    first = place(tmp_path, None, PACKAGE, [new_release("3.1.0", 310, BASE)])
    _apply(tmp_path, first)
    (tmp_path / "3.1.0" / "v2_1" / "ApplicationData.asn1").unlink()
    with pytest.raises(InputError, match=r"^3\.1\.0: holds no <version>/\*\.asn1 schemas$"):
        place(tmp_path, first.index, PACKAGE, [new_release("3.2.0", 320, WITH_HEADING)])


def test_an_index_whose_first_release_with_its_schemas_is_not_stored_was_edited(tmp_path):
    first = place(tmp_path, None, PACKAGE, [new_release("3.1.0", 310, BASE)])
    edited = replace(first.index, releases=(replace(first.index.releases[0], stored=False),))
    message = f"{tmp_path}: 3.1.0 is not stored although it is the first with its schemas; its releases.json was edited"
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        place(tmp_path, edited, PACKAGE, [])
