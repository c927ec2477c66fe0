"""Fuzz: mutated bytes of a small APK and of its dex either extract or fail with the clean error.

Each example runs under an alarm, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import io
import signal
import zipfile
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import ExtractorError
from extractor.schema.extract import extract
from tests.factory import FactoryOptions, ModuleSource, build_apk
from tests.hostile.crafted import with_checksum

SECONDS_PER_EXAMPLE = 20
MODULE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE { speed INTEGER(-10..255), vin IA5String(SIZE(17)) OPTIONAL, mode Mode DEFAULT eco,
                      points SEQUENCE SIZE(1..4) OF SEQUENCE { x INTEGER(0..9) } }
Mode ::= ENUMERATED { eco(0), sport(3) }
END"""


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
def apk_bytes() -> bytes:
    return build_apk([ModuleSource("v2_1", MODULE)], FactoryOptions(filler_classes=3)).read_bytes()


@pytest.fixture(scope="module")
def dex_bytes(apk_bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(apk_bytes)) as archive:
        return archive.read("classes.dex")


mutations = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8)


def mutate(data: bytes, changes: list[tuple[int, int]]) -> bytes:
    mutable = bytearray(data)
    for position, value in changes:
        mutable[position % len(mutable)] = value
    return bytes(mutable)


def extract_or_clean_error(path) -> None:
    with deadline(SECONDS_PER_EXAMPLE):
        try:
            extract([path])
        except ExtractorError as error:
            assert "\n" not in error.message


FUZZ = settings(max_examples=int(__import__("os").environ.get("SAIC_FUZZ_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(changes=mutations)
def test_mutated_apk(apk_bytes, tmp_path_factory, changes):
    path = tmp_path_factory.mktemp("fuzz") / "mutated.apk"
    path.write_bytes(mutate(apk_bytes, changes))
    extract_or_clean_error(path)


@FUZZ
@given(changes=mutations, fix_checksum=st.booleans())
def test_mutated_dex(dex_bytes, tmp_path_factory, changes, fix_checksum):
    mutated = mutate(dex_bytes, [(8 + position % (len(dex_bytes) - 8), value) for position, value in changes])
    path = tmp_path_factory.mktemp("fuzz") / "classes.dex"
    path.write_bytes(with_checksum(mutated) if fix_checksum else mutated)
    extract_or_clean_error(path)
