"""`regenerate --site`: the release index is read once for the site of a package's newest release."""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.docs import build
from extractor.release.index import ReleaseEntry, ReleaseIndex, write_text_atomically

SAMPLE = Path(__file__).resolve().parents[3] / "generated_schemas" / "sample"


def test_write_release_site_loads_releases_json_once(tmp_path, monkeypatch):
    package = tmp_path / "com.example"
    shutil.copytree(SAMPLE, package / "1.0", ignore=shutil.ignore_patterns("python"))
    entry = ReleaseEntry(
        1, "1.0", "a" * 64, "app.apk", "b" * 64, {"v1_1": {"modules": 3, "types": 1}}, stored=True, folder="1.0"
    )
    write_text_atomically(package / "releases.json", ReleaseIndex("com.example", (entry,)).to_text())
    calls = []
    real = build.load_releases

    def load_releases(folder):
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(build, "load_releases", load_releases)
    site = build.write_release_site(package, tmp_path / "site")
    assert calls == [package]
    assert [release.version_name for release in site.releases] == ["1.0"]
    assert (tmp_path / "site" / "index.html").is_file()
