"""CHANGELOG.md as a function of the release index."""

from __future__ import annotations

from extractor.release.changelog import changelog_text
from extractor.release.place import place
from tests.unit.release.releases import BASE, WITH_HEADING, new_release


def test_newest_first_with_first_release_changes_and_unchanged_entries(tmp_path):
    index = place(
        tmp_path,
        None,
        "com.example",
        [
            new_release("1.2", 120, WITH_HEADING),
            new_release("1.0", 100, BASE),
            new_release("1.1", 110, WITH_HEADING),
        ],
    ).index
    text = changelog_text(index)
    newest = index.releases[-1]
    assert text.startswith(
        f"# Schema changelog of `com.example`\n\n## 1.2 (versionCode 120, sha256 {newest.sha256[:12]})\n"
    )
    sections = text.split("\n## ")[1:]
    assert [section.split(" ")[0] for section in sections] == ["1.2", "1.1", "1.0"]
    assert "No schema change: the same schemas as 1.1 (stored in `1.1/`)." in sections[0]
    assert "### Schema diff `com.example 1.0` → `com.example 1.1`" in sections[1]
    assert "| **breaking** | compatible | component added | `ApplicationData.asn1` `Status.heading` |" in sections[1]
    assert "First release in this history.\n\n- v2_1: 1 type in 1 module\n" in sections[2]
    assert changelog_text(index) == text


def test_newest_first_by_version_code_as_a_number(tmp_path):
    # versionCodes 9, 10, 99, 100 arriving shuffled: newest first is 100, 99, 10, 9 (as text it would be 99, 9, 100, 10).
    bodies = {9: BASE, 10: WITH_HEADING, 99: BASE, 100: WITH_HEADING}
    index = place(
        tmp_path, None, "com.example", [new_release(f"r{code}", code, bodies[code]) for code in (10, 100, 9, 99)]
    ).index
    sections = changelog_text(index).split("\n## ")[1:]
    assert [section.split(" ")[0] for section in sections] == ["r100", "r99", "r10", "r9"]
    assert "### Schema diff `com.example r99` → `com.example r100`" in sections[0]
    assert "### Schema diff `com.example r9` → `com.example r10`" in sections[2]
    assert "First release in this history." in sections[3]
