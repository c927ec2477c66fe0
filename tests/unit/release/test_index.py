"""The release index: identity of schemas, order, folder names, the file format."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from extractor.errors import InputError, OutputError
from extractor.release.index import (
    INDEX_NAME,
    ReleaseIndex,
    folder_names,
    load_index,
    ordered,
    release_folder,
    require_index,
    schemas_fingerprint,
    write_text_atomically,
)
from tests.unit.release.releases import BASE, WITH_HEADING, module, new_release


def test_the_fingerprint_ignores_comments_but_not_schemas():
    assert schemas_fingerprint({"v2_1/A.asn1": module(BASE, "one.apk")}) == schemas_fingerprint(
        {"v2_1/A.asn1": module(BASE, "two.apk")}
    )
    assert schemas_fingerprint({"v2_1/A.asn1": module(BASE, "one.apk")}) != schemas_fingerprint(
        {"v2_1/A.asn1": module(WITH_HEADING, "one.apk")}
    )
    assert schemas_fingerprint({"v2_1/A.asn1": module(BASE, "x")}) != schemas_fingerprint(
        {"v3_0/A.asn1": module(BASE, "x")}
    )
    assert schemas_fingerprint({"v2_1/A.asn1": module(BASE, "x"), "index.json": "{}"}) == schemas_fingerprint(
        {"v2_1/A.asn1": module(BASE, "x")}
    )


def test_releases_are_ordered_by_version_code_then_numeric_version_name():
    releases = [
        new_release(name, code, BASE).entry for name, code in (("1.10.0", 5), ("1.9.0", 5), ("0.1", 9), ("1.2", 1))
    ]
    assert [release.version_name for release in ordered(releases)] == ["1.2", "1.9.0", "1.10.0", "0.1"]


def test_version_codes_of_different_lengths_are_ordered_as_numbers():
    # As text they would sort 10, 100, 9, 99.
    releases = [new_release(f"r{code}", code, BASE).entry for code in (100, 9, 99, 10)]
    assert [release.version_code for release in ordered(releases)] == [9, 10, 99, 100]
    names = [new_release(name, 7, BASE).entry for name in ("1.100", "1.9", "1.99", "1.10")]
    assert [release.version_name for release in ordered(names)] == ["1.9", "1.10", "1.99", "1.100"]


def test_a_version_name_part_that_is_not_a_number_comes_before_every_number_at_its_place():
    # (3, 3) < (3, 3, beta) < (3, 3, 0) < (3, 3, 1): "beta" is before 0, and a shorter name before a longer one.
    names = [new_release(name, 7, BASE).entry for name in ("3.3.1", "3.3.0", "3.3.beta", "3.3")]
    assert [release.version_name for release in ordered(names)] == ["3.3", "3.3.beta", "3.3.0", "3.3.1"]


def test_folder_names_are_version_names_unless_two_releases_share_one():
    one, two, other = (
        new_release("1.0", 1, BASE).entry,
        new_release("1.0", 2, BASE).entry,
        new_release("2.0", 3, BASE).entry,
    )
    names = folder_names([one, two, other])
    assert names == {one.sha256: f"1.0-{one.sha256[:12]}", two.sha256: f"1.0-{two.sha256[:12]}", other.sha256: "2.0"}


def test_the_index_file_round_trips_and_rejects_what_is_not_one(tmp_path):
    entry = new_release("1.0", 100, BASE).entry
    index = ReleaseIndex("com.example", (entry,))
    (tmp_path / INDEX_NAME).write_text(index.to_text())
    assert load_index(tmp_path) == index
    document = json.loads(index.to_text())
    assert document["releases"][0]["versionCode"] == 100 and isinstance(document["releases"][0]["versionCode"], int)
    assert load_index(tmp_path / "absent") is None
    (tmp_path / INDEX_NAME).write_text('{"format": 1, "generator": "saic-asn1", "releases": [{}]}')
    with pytest.raises(InputError, match="not a readable release index"):
        load_index(tmp_path)
    (tmp_path / INDEX_NAME).write_text('{"format": 99, "generator": "saic-asn1"}')
    with pytest.raises(InputError, match="not a saic-asn1 release index of format 1"):
        load_index(tmp_path)


def test_a_release_not_stored_again_resolves_to_the_folder_with_its_schemas(tmp_path):
    stored = new_release("1.0", 100, BASE).entry
    unchanged = new_release("1.1", 110, BASE).entry
    entries = (replace(stored, stored=True, folder="1.0"), replace(unchanged, folder="1.0"))
    (tmp_path / INDEX_NAME).write_text(ReleaseIndex("com.example", entries).to_text())
    (tmp_path / "1.0").mkdir()
    assert release_folder(tmp_path / "1.1") == tmp_path / "1.0"
    assert release_folder(tmp_path / "1.0") is None
    assert release_folder(tmp_path / "9.9") is None


def test_every_recorded_field_round_trips_and_the_summary_counts_verdicts(tmp_path):
    changes = (
        {"verdict": "breaking", "kind": "removed"},
        {"verdict": "compatible", "kind": "added"},
        {"verdict": "breaking", "kind": "changed"},
    )
    entry = replace(
        new_release("1.1", 110, WITH_HEADING).entry, stored=True, folder="1.1", previous="a" * 64, changes=changes
    )
    index = ReleaseIndex("com.example", (entry,), generator_version="0.0.9")
    (tmp_path / INDEX_NAME).write_text(index.to_text())
    assert load_index(tmp_path) == index
    [document] = json.loads(index.to_text())["releases"]
    assert document["summary"] == {"changes": 3, "breaking": 2, "compatible": 1}
    # A versionName in any script is written as it is (the file is UTF-8), not as \\u escapes.
    assert "1.1-ß" in ReleaseIndex("x", (replace(entry, version_name="1.1-ß"),)).to_text()


def test_an_indented_comment_is_a_comment_to_the_fingerprint():
    indented = "Status ::= SEQUENCE {\n  speed INTEGER(0..255)\n  -- why the range is so\n}"
    other = indented.replace("why the range is so", "another note")
    assert schemas_fingerprint({"v2_1/A.asn1": module(indented, "x")}) == schemas_fingerprint(
        {"v2_1/A.asn1": module(other, "x")}
    )


def test_the_fingerprint_is_the_sha256_of_each_path_and_its_non_comment_lines():
    # index.json keeps it: the same schemas must give the same value in a later run, so the format is fixed.
    text = "-- header\nA DEFINITIONS ::= BEGIN\n  -- note\nT ::= INTEGER\nEND\n"
    expected = hashlib.sha256(b"v2_1/A.asn1\0A DEFINITIONS ::= BEGIN\nT ::= INTEGER\nEND\n").hexdigest()
    assert schemas_fingerprint({"v2_1/A.asn1": text}) == expected


def test_the_index_file_has_one_field_a_line_indented_by_two():
    # A diff of two index.json files (or a git history of one) shows the fields that changed.
    text = ReleaseIndex("com.example", (new_release("1.0", 100, BASE).entry,)).to_text()
    assert text.startswith('{\n  "format": 1,\n') and '\n  "package": "com.example",\n' in text
    assert '\n      "versionCode": 100,\n' in text and text.endswith("\n}\n")


def test_the_index_is_read_and_written_as_utf_8_whatever_the_locale(tmp_path):
    entry = replace(new_release("1.0", 100, BASE).entry, version_name="1.0-ß")
    (tmp_path / "expected").mkdir()
    expected = tmp_path / "expected" / INDEX_NAME
    expected.write_text(ReleaseIndex("com.example", (entry,)).to_text(), encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from extractor.release.index import *\n"
        "folder = Path(sys.argv[1]); index = load_index(folder / 'expected')\n"
        "(folder / 'written').mkdir(); write_text_atomically(folder / 'written' / INDEX_NAME, index.to_text())\n"
    )
    ascii_locale = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], env=ascii_locale, capture_output=True, check=False
    )
    assert run.returncode == 0, run.stderr.decode()
    written = (tmp_path / "written" / INDEX_NAME).read_bytes()
    assert written == expected.read_bytes() and "1.0-ß".encode() in written


def test_errors_name_the_folder_and_what_is_wrong(tmp_path):
    with pytest.raises(InputError, match=f"^{tmp_path / 'absent'}: no such folder$"):
        require_index(tmp_path / "absent")
    with pytest.raises(InputError, match=f"^{tmp_path}: has no {INDEX_NAME} .*saic-asn1 regenerate"):
        require_index(tmp_path)
    (tmp_path / INDEX_NAME).write_text("{not json")
    with pytest.raises(InputError, match=r"not a readable release index \(JSONDecodeError: "):
        load_index(tmp_path)
    with pytest.raises(OutputError, match=f"^{tmp_path / 'absent' / INDEX_NAME}: cannot write: No such file"):
        write_text_atomically(tmp_path / "absent" / INDEX_NAME, "{}")


def test_find_gives_the_release_with_that_sha256_or_none():
    one, two = new_release("1.0", 100, BASE).entry, new_release("1.1", 110, BASE).entry
    index = ReleaseIndex("com.example", (one, two))
    assert index.find(two.sha256) is two and index.find(one.sha256) is one
    assert index.find("f" * 64) is None
