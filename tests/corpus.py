"""Where the shared corpus is, and what happens when it is not there.

`SAIC_CORPUS` overrides the default `../shared/corpus` beside the repository. Without the corpus the
tests that need it skip with the reason, unless `SAIC_REQUIRE_CORPUS=1` (set by `.ci/run`) makes the
absence a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


def corpus_path() -> Path:
    return Path(os.environ.get("SAIC_CORPUS", REPOSITORY.parent / "shared" / "corpus"))


def require_corpus() -> Path:
    """The corpus folder, or a skip (a failure under SAIC_REQUIRE_CORPUS=1) naming where it was looked for."""
    path = corpus_path()
    if (path / "payloads" / "manifest.json").is_file():
        return path
    reason = f"no corpus at {path} (set SAIC_CORPUS to its folder)"
    if os.environ.get("SAIC_REQUIRE_CORPUS") == "1":
        pytest.fail(reason + "; SAIC_REQUIRE_CORPUS=1 makes this an error")
    pytest.skip(reason)
