"""Changes recorded before API verdicts existed carry none: the report says so instead of "keeps working"."""

from __future__ import annotations

from dataclasses import replace

from extractor.diff.changes import BREAKING, COMPATIBLE, Change
from extractor.diff.report import api_line, markdown_report, summary_line, text_report
from extractor.release.changelog import change_from_json


def change(api_verdict: str, api_reason: str = "") -> Change:
    return Change(
        "v1_1",
        "ApplicationData.asn1",
        "T",
        "a",
        "component added",
        None,
        "BOOLEAN",
        BREAKING,
        "no extension marker",
        api_verdict,
        api_reason,
    )


def plain(text, **_):
    return text


def recorded_before_api_verdicts() -> Change:
    """A change as an old releases.json holds it: no api_verdict or api_reason keys."""
    document = change(COMPATIBLE).to_json()
    del document["api_verdict"], document["api_reason"]
    return change_from_json(document)


def test_changes_without_an_api_verdict_do_not_claim_the_client_keeps_working():
    old = recorded_before_api_verdicts()
    assert old.api_verdict is None
    line = api_line([old, replace(old, path="b")])
    assert "keeps working" not in line and "not recorded" in line
    assert "keeps working" not in summary_line([old])


def test_some_changes_without_an_api_verdict_are_counted():
    line = api_line([recorded_before_api_verdicts(), change(COMPATIBLE, "a new attribute with a default")])
    assert "keeps working" not in line and line.endswith("the API verdict of 1 was not recorded")
    line = api_line([recorded_before_api_verdicts(), change(BREAKING, "constructors must pass it")])
    assert line.startswith("1 breaks code") and "of 1 was not recorded" in line


def test_recorded_verdicts_read_as_before():
    assert api_line([change(COMPATIBLE, "x")]) == "code using the generated Python client keeps working"
    assert api_line([change(BREAKING, "x")]) == "1 breaks code using the generated Python client"
    assert api_line([change(BREAKING, "x"), change(BREAKING, "y")]) == "2 break code using the generated Python client"
    assert summary_line([change(BREAKING, "x")]).startswith("1 change: 1 breaking, 0 compatible; ")


def test_reports_of_changes_without_an_api_verdict():
    old = recorded_before_api_verdicts()
    text = text_report([old], "a", "b", plain)
    assert "API NOT RECORDED" in text and "API: not recorded" in text
    markdown = markdown_report([old], "a", "b")
    assert "| breaking | not recorded |" not in markdown  # the wire verdict is bold
    assert "| **breaking** | not recorded |" in markdown and "None" not in markdown
