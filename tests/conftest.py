"""Shared fixtures: the corpus and the schemas extracted from the conformance APK."""

from __future__ import annotations

import os
import signal

import pytest
from hypothesis import settings

from extractor.schema.output import write_folder
from tests.conformance.check import extract_fixture
from tests.conformance.fixture import build_fixture
from tests.corpus import require_corpus

# Speed is measured by the benchmarks: how long an example takes on a busy machine never fails a test.
settings.register_profile("saic", deadline=None)
settings.load_profile("saic")


@pytest.fixture(autouse=True)
def sigint_handler_restored():
    """A command run in-process that ends interrupted ignores further Ctrl-C (as the CLI must); the tests after
    it, and the processes they start (which inherit an ignored signal), get Python's default handling back.
    That is also what a suite started in the background needs: its shell made it ignore Ctrl-C, which the
    interrupt tests send."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session", autouse=True)
def compile_cache(tmp_path_factory):
    """The suite remembers what asn1tools compiled in a folder of its own, never in the user's cache."""
    os.environ["SAIC_ASN1_CACHE"] = str(tmp_path_factory.mktemp("compile-cache"))


@pytest.fixture(scope="session")
def corpus():
    return require_corpus()


@pytest.fixture(scope="session")
def conformance_fixture(corpus):
    return build_fixture(corpus)


@pytest.fixture(scope="session")
def conformance_extraction(conformance_fixture):
    return extract_fixture(conformance_fixture)


@pytest.fixture(scope="session")
def extracted_schemas(conformance_extraction, tmp_path_factory):
    """An extraction output folder made from the corpus-shaped APK: what a user decodes with."""
    folder = tmp_path_factory.mktemp("conformance") / "schemas"
    write_folder(folder, conformance_extraction.files)
    return folder
