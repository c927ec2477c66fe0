"""Fuzz: damaged dex files and APKs either extract or fail with the clean error, never a bug or a hang.

Most examples reach the dex parser: bytes change inside the items it decodes, the dex is signed again
and the APK zipped again with fresh CRCs (`dex_mutation`); those tests fail when fewer than half of
their examples reached androguard. A third test damages the manifest or the zip itself instead. Every
test's count of examples that reached the parser is printed in the terminal summary. A bug (any exception that is not an
`ExtractorError`, exit 70 on the command line) fails the test; each example runs under an alarm, so a
hang fails it too.
"""

from __future__ import annotations

import io
import os
import signal
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.cli import exit_code
from extractor.errors import ExtractorError
from extractor.read import dex
from extractor.schema.extract import extract
from tests.factory import FactoryOptions, ModuleSource, build_apk
from tests.factory.apk import apk_bytes
from tests.hostile.dex_mutation import EDGE_BYTES, mutable_sections, mutate_dex, replaced_entries

# Slow (left out of `make test-fast`): fuzzes APKs, each example a fresh extraction.
pytestmark = pytest.mark.slow

SECONDS_PER_EXAMPLE = 20
EXAMPLES = int(os.environ.get("SAIC_FUZZ_EXAMPLES", "60"))
CLEAN_EXIT_CODES = {3, 4, 5}
MODULE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE { speed INTEGER(-10..255), vin IA5String(SIZE(17)) OPTIONAL, mode Mode DEFAULT eco,
                      level REAL OPTIONAL, note BMPString(SIZE(1..8)) OPTIONAL,
                      points SEQUENCE SIZE(1..4) OF SEQUENCE { x INTEGER(0..9) } }
Mode ::= ENUMERATED { eco(0), sport(3) }
END"""
# Terminal-summary lines of the tests that ran: test → (examples that reached the dex parser, examples).
PARSER_REACH: dict[str, tuple[int, int]] = {}


class Hung(BaseException):
    """Not an Exception, so no `except Exception` in the code under test can swallow it."""


@contextmanager
def deadline(seconds: int):
    def hung(signum, frame):
        raise Hung(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def apk(tmp_path_factory) -> bytes:
    return build_apk([ModuleSource("v2_1", MODULE)], FactoryOptions(filler_classes=3)).read_bytes()


@pytest.fixture(scope="module")
def dex_bytes(apk) -> bytes:
    with zipfile.ZipFile(io.BytesIO(apk)) as archive:
        return archive.read("classes.dex")


@pytest.fixture
def parser_runs(monkeypatch) -> list[str]:
    """Names of the dex files androguard was given (in this process: the fuzz APK has one dex)."""
    runs: list[str] = []
    read_dex = dex.read_dex

    def counted(target):
        runs.append(target[0].name)
        return read_dex(target)

    monkeypatch.setattr(dex, "read_dex", counted)
    return runs


def byte_changes(max_size: int) -> st.SearchStrategy[list[tuple[int, int, int]]]:
    """(section or 0, position, byte) triples; bytes favour the edges of the dex encodings."""
    value = st.one_of(st.sampled_from(EDGE_BYTES), st.integers(0, 255))
    return st.lists(st.tuples(st.integers(0, 63), st.integers(0, 1 << 20), value), min_size=1, max_size=max_size)


def overwritten(data: bytes, changes: list[tuple[int, int, int]]) -> bytes:
    mutable = bytearray(data)
    for _, position, value in changes:
        mutable[position % len(mutable)] = value
    return bytes(mutable)


def extract_or_clean_error(path: Path) -> None:
    with deadline(SECONDS_PER_EXAMPLE):
        try:
            extract([path])
        except ExtractorError as error:
            assert exit_code(error) in CLEAN_EXIT_CODES, error.message
            assert "\n" not in error.message


def fuzz(test_name: str, parser_runs: list[str], example, must_reach_half: bool = True) -> None:
    """Run the hypothesis example function, then record (and check) how many examples reached the parser."""
    outcomes: list[bool] = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def counted_example(data):
        parser_runs.clear()
        example(data)
        outcomes.append(bool(parser_runs))

    counted_example()
    PARSER_REACH[test_name] = (sum(outcomes), len(outcomes))
    if must_reach_half:
        assert 2 * sum(outcomes) >= len(outcomes), (
            f"only {sum(outcomes)} of {len(outcomes)} examples reached the dex parser"
        )


def test_mutated_dex(dex_bytes, tmp_path, parser_runs):
    sections = mutable_sections(dex_bytes)
    path = tmp_path / "classes.dex"

    def example(data):
        path.write_bytes(mutate_dex(dex_bytes, sections, data.draw(byte_changes(4), "dex changes")))
        extract_or_clean_error(path)

    fuzz("dex data items changed, signed", parser_runs, example)


def test_mutated_apk(apk, dex_bytes, tmp_path, parser_runs):
    sections = mutable_sections(dex_bytes)
    path = tmp_path / "mutated.apk"

    def example(data):
        dex = mutate_dex(dex_bytes, sections, data.draw(byte_changes(4), "dex changes"))
        path.write_bytes(apk_bytes(replaced_entries(apk, {"classes.dex": dex})))
        extract_or_clean_error(path)

    fuzz("APK with its dex data items changed, zipped again", parser_runs, example)


def test_damaged_apk_container(apk, tmp_path, parser_runs):
    """The manifest or the zip itself damaged: these mostly stop before the dex parser, by design."""
    path = tmp_path / "damaged.apk"

    def example(data):
        if data.draw(st.booleans(), "damage the zip, not the manifest"):
            archive = overwritten(apk, data.draw(byte_changes(4), "zip changes"))
        else:
            entries = replaced_entries(apk, {})
            entries["AndroidManifest.xml"] = overwritten(
                entries["AndroidManifest.xml"], data.draw(byte_changes(4), "manifest changes")
            )
            archive = apk_bytes(entries)
        path.write_bytes(archive)
        extract_or_clean_error(path)

    fuzz("APK with its manifest or zip bytes damaged", parser_runs, example, must_reach_half=False)
