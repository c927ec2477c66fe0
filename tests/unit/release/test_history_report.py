"""`history` output: the API verdict column is there exactly when the recorded changes carry one."""

from __future__ import annotations

import json
from dataclasses import replace

from extractor.release.history import Subject, subject_history
from extractor.release.history_report import events_report, timeline_report
from tests.unit.release.releases import BASE, WITH_HEADING, new_release, stored_history


def _index_and_events(folder, api_verdict: str | None):
    index = stored_history(folder, [new_release("1.0", 100, BASE), new_release("1.1", 110, WITH_HEADING)])
    second = index.releases[1]
    # None: an index recorded before the diff had API verdicts.
    unrecorded = [
        {key: value for key, value in change.items() if not key.startswith("api_")} for change in second.changes
    ]
    changes = tuple(change if api_verdict is None else {**change, "api_verdict": api_verdict} for change in unrecorded)
    index = replace(index, releases=(index.releases[0], replace(second, changes=changes)))
    return index, subject_history(index, folder, Subject("Status", "heading"))


def test_without_api_verdicts_there_is_no_api_column(tmp_path):
    index, events = _index_and_events(tmp_path, None)
    text = events_report(index, Subject("Status", "heading"), events, "text")
    assert text.splitlines()[1].split() == [
        "release",
        "versionCode",
        "version",
        "event",
        "change",
        "wire",
        "old",
        "→",
        "new",
    ]
    assert "api" not in timeline_report(index, "text")


def test_api_verdicts_are_shown_beside_the_wire_verdicts(tmp_path):
    index, events = _index_and_events(tmp_path, "compatible")
    text = events_report(index, Subject("Status", "heading"), events, "text").splitlines()
    assert text[1].split()[5:7] == ["wire", "api"]
    assert text[2].split()[:8] == ["1.1", "110", "v2_1", "appeared", "component", "added", "breaking", "compatible"]
    markdown = events_report(index, Subject("Status", "heading"), events, "markdown")
    assert (
        "| 1.1 | 110 | v2_1 | appeared | component added | breaking | compatible | INTEGER(0..359) OPTIONAL |"
        in markdown
    )
    document = json.loads(events_report(index, Subject("Status", "heading"), events, "json"))
    assert document["events"][0]["change"]["api_verdict"] == "compatible"
    timeline = timeline_report(index, "text").splitlines()
    assert timeline[1].endswith("api breaking") and timeline[3].split()[-1] == "0"
