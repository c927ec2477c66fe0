"""Where the corpus is, and what happens when it is not there: the one corpus locator of the tests.

`SAIC_CORPUS` names the corpus folder; without it, the shared corpus beside the repository
(`../shared/corpus`) when it is there, else the copy vendored in `tests/vendor/corpus` (MIT-licensed
test data, see its `LICENSES.md`). A corpus that is not where it was looked for skips the tests that
need it with the reason, unless `SAIC_REQUIRE_CORPUS=1` (set by `.ci/run` and the CI workflow) makes
the absence a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPOSITORY.parent / "shared" / "corpus"
VENDORED_CORPUS = REPOSITORY / "tests" / "vendor" / "corpus"
MANIFEST = Path("payloads") / "manifest.json"


def corpus_path() -> Path:
    if "SAIC_CORPUS" in os.environ:
        return Path(os.environ["SAIC_CORPUS"])
    return SHARED_CORPUS if (SHARED_CORPUS / MANIFEST).is_file() else VENDORED_CORPUS


def require_corpus() -> Path:
    """The corpus folder, or a skip (a failure under SAIC_REQUIRE_CORPUS=1) naming where it was looked for."""
    path = corpus_path()
    if (path / MANIFEST).is_file():
        return path
    reason = f"no corpus at {path} (set SAIC_CORPUS to its folder)"
    if os.environ.get("SAIC_REQUIRE_CORPUS") == "1":
        pytest.fail(reason + "; SAIC_REQUIRE_CORPUS=1 makes this an error")
    pytest.skip(reason)
