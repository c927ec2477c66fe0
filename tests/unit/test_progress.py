"""The progress bar: drawn only when enabled and only for long runs, throttled, erased at the end."""

import io

import pytest

from extractor import progress
from extractor.progress import ProgressBar


@pytest.fixture
def no_delay(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0)


def test_a_bar_is_drawn_in_place_and_erased_at_the_end(no_delay):
    stream = io.StringIO()
    with ProgressBar(enabled=True, stream=stream) as bar:
        bar("reading dex files: 1,234 classes", 3, 6)
    drawn, erased = stream.getvalue().split("\r")[1:3]
    assert drawn == f"saic-asn1 [{'#' * 12}{'-' * 12}] 3/6 reading dex files: 1,234 classes"
    assert erased.strip() == "" and len(erased) == len(drawn)


def test_redraws_are_throttled_but_the_last_step_always_shows(no_delay):
    stream = io.StringIO()
    bar = ProgressBar(enabled=True, stream=stream)
    for done in range(1, 11):
        bar("compiling modules with asn1tools", done, 10)
    lines = stream.getvalue().split("\r")[1:]
    assert [line.split()[2] for line in lines] == ["1/10", "10/10"]


def test_nothing_is_drawn_when_disabled(no_delay):
    stream = io.StringIO()
    with ProgressBar(enabled=False, stream=stream) as bar:
        bar("reading dex files: 1 classes", 1, 2)
    assert stream.getvalue() == ""


def test_nothing_is_drawn_for_short_runs():
    stream = io.StringIO()
    with ProgressBar(enabled=True, stream=stream) as bar:
        bar("reading dex files: 1 classes", 1, 2)
    assert stream.getvalue() == ""
