"""The corpus locator: SAIC_CORPUS, else the shared corpus beside the repository, else the vendored copy."""

from __future__ import annotations

import filecmp

import pytest

from tests import corpus


def test_saic_corpus_names_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SAIC_CORPUS", str(tmp_path))
    assert corpus.corpus_path() == tmp_path


def test_without_saic_corpus_or_a_shared_corpus_the_vendored_copy_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv("SAIC_CORPUS", raising=False)
    monkeypatch.setattr(corpus, "SHARED_CORPUS", tmp_path / "shared" / "corpus")
    assert corpus.require_corpus() == corpus.VENDORED_CORPUS


@pytest.mark.parametrize(
    ("required", "outcome"), [("1", pytest.fail.Exception), ("0", pytest.skip.Exception), ("", pytest.skip.Exception)]
)
def test_only_saic_require_corpus_1_turns_a_missing_corpus_into_a_failure(monkeypatch, tmp_path, required, outcome):
    monkeypatch.setenv("SAIC_CORPUS", str(tmp_path / "missing"))
    monkeypatch.setenv("SAIC_REQUIRE_CORPUS", required)
    with pytest.raises(outcome, match="no corpus at .*missing"):
        corpus.require_corpus()


def test_the_vendored_copy_holds_the_shared_corpus_files_it_vendors():
    shared = corpus.corpus_path()
    if shared == corpus.VENDORED_CORPUS or not (shared / corpus.MANIFEST).is_file():
        pytest.skip(f"no shared corpus at {shared} to compare the vendored copy with")
    vendored = sorted(
        path.relative_to(corpus.VENDORED_CORPUS) for path in corpus.VENDORED_CORPUS.rglob("*") if path.is_file()
    )
    assert len(vendored) > 100
    _, mismatch, errors = filecmp.cmpfiles(
        shared, corpus.VENDORED_CORPUS, [str(path) for path in vendored], shallow=False
    )
    assert mismatch == [] and errors == []
