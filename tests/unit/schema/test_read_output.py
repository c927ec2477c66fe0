"""One reader of an extraction output folder: index.json and <version>/*.asn1, nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.diff.snapshot import load_snapshot
from extractor.docs.content import read_extraction
from extractor.errors import InputError
from extractor.generate.python import _read_output
from extractor.model import AppMetadata
from extractor.release.index import ReleaseEntry
from extractor.release.place import _Snapshots
from extractor.schema.output import read_texts, safe_segment
from extractor.schema.stored import IndexEntry, read_index

MODULE = "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\nT ::= BOOLEAN\nEND\n"
INDEX = {
    "generator": "saic-asn1",
    "input": {"package": "com.example"},
    "versions": ["v1_1"],
    "types": [
        {"version": "v1_1", "module": "M", "file": "v1_1/A.asn1", "name": "T", "java_class": "a.T", "kind": "BOOLEAN"}
    ],
}


def output_folder(tmp_path, index=INDEX):
    folder = tmp_path / "out"
    (folder / "v1_1").mkdir(parents=True)
    (folder / "index.json").write_text(json.dumps(index))
    (folder / "v1_1/A.asn1").write_text(MODULE)
    # What `regenerate` puts beside a release's schemas: its client, with copies of the modules.
    copies = folder / "python/example/schemas/v1_1"
    copies.mkdir(parents=True)
    (copies / "A.asn1").write_bytes(b"\xff not text")
    (folder / "python/example/__init__.py").write_text("")
    (folder / "notes.txt").write_text("not a schema")
    return folder


def test_read_output_reads_the_index_and_the_version_modules_only(tmp_path):
    folder = output_folder(tmp_path)
    assert read_texts(folder) == {"index.json": json.dumps(INDEX), "v1_1/A.asn1": MODULE}


def test_every_reader_of_an_output_folder_reads_the_same_files(tmp_path):
    folder = output_folder(tmp_path)
    expected = read_texts(folder)
    assert _read_output(folder) == expected
    assert read_extraction(folder).files() == {path: text for path, text in expected.items() if path != "index.json"}
    # The diff reads a release folder with its generated client beside it (an unreadable copy is never opened).
    snapshot = load_snapshot(folder)
    assert snapshot.versions == ("v1_1",) and [module.path for module in snapshot.modules] == ["v1_1/A.asn1"]
    assert snapshot.modules[0].java_class("T") == "a.T"
    # place reads a stored release's folder the same way.
    entry = ReleaseEntry(1, "1.0", "a" * 64, "a.apk", "b" * 64, {}, folder="out")
    snapshots = _Snapshots(tmp_path, {}, {entry.sha256: entry})
    assert snapshots.of(entry, "1.0").modules == snapshot.modules


def test_an_unreadable_module_is_an_input_error_naming_it(tmp_path):
    folder = output_folder(tmp_path)
    (folder / "v1_1/B.asn1").write_bytes(b"\xff")
    with pytest.raises(InputError, match=r"v1_1/B\.asn1: cannot read"):
        read_texts(folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda index: index.pop("types"), "lacks input, versions or types"),
        (lambda index: index["versions"].append("../up"), "version '../up' is not usable as a file name"),
        (lambda index: index["types"][0].pop("kind"), "a type entry lacks one of"),
        (lambda index: index["types"][0].update(file="v1_2/A.asn1"), "not in a <version>/<module>.asn1 file"),
        (lambda index: index["types"][0].update(merged_into=7), "T has a merged_into that is not a Java class name"),
        (lambda index: index["input"].update(versionCode="310"), "input.versionCode '310' is not a whole number"),
        (lambda index: index["input"].update(testOnly="yes"), "input.testOnly 'yes' is not true or false"),
    ],
)
def test_read_index_names_the_file_it_rejects(tmp_path, change, message):
    index = json.loads(json.dumps(INDEX))
    change(index)
    folder = output_folder(tmp_path, index)
    with pytest.raises(InputError, match=r"out/index\.json: ") as raised:
        read_index(folder)
    assert message in str(raised.value)


def test_read_index_of_a_folder_without_json(tmp_path):
    with pytest.raises(InputError, match=r"index\.json: cannot read"):
        read_index(tmp_path)
    (tmp_path / "index.json").write_text("[1]")
    with pytest.raises(InputError, match=r"index\.json: not a JSON object"):
        read_index(tmp_path)
    (tmp_path / "index.json").write_text("{")
    with pytest.raises(InputError, match=r"index\.json: not JSON"):
        read_index(tmp_path)
    index = read_index(output_folder(tmp_path))
    assert index.app == AppMetadata("", "", package="com.example")
    assert index.versions == ("v1_1",)
    assert index.entries == (IndexEntry("v1_1", "M", "v1_1/A.asn1", "T", "a.T", "BOOLEAN"),)


def test_safe_segment():
    assert safe_segment("v1_1", "version", Path("x")) == "v1_1"
    with pytest.raises(InputError, match="x: versionName '../a' is not usable as a folder name"):
        safe_segment("../a", "versionName", Path("x"), used_as="folder name")


def test_the_safe_name_pattern_is_defined_once():
    package = Path(__file__).resolve().parents[3] / "extractor"
    pattern = 're.compile(r"[A-Za-z0-9][A-Za-z0-9._-]'
    defined = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if pattern in path.read_text(encoding="utf-8")
    ]
    assert defined == ["schema/output.py"]
