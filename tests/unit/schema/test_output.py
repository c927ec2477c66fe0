import json

import pytest

from extractor.errors import OutputError
from extractor.model import AppMetadata, DeclaredModule, Extraction, ProtocolVersion
from extractor.schema.output import index_document, write_folder

INDEX = json.dumps({"generator": "saic-asn1"})


def test_writes_exactly_the_files(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"index.json": INDEX, "v1_1/A.asn1": "A"})
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == ["index.json", "v1_1/A.asn1"]


def test_replaces_its_own_output_completely(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"index.json": INDEX, "v1_1/A.asn1": "A"})
    write_folder(out, {"index.json": INDEX, "v2_1/B.asn1": "B"})
    assert not (out / "v1_1").exists() and (out / "v2_1/B.asn1").read_text() == "B"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_refuses_a_foreign_non_empty_folder_unless_forced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("keep")
    with pytest.raises(OutputError, match="not written by saic-asn1"):
        write_folder(out, {"index.json": INDEX})
    assert (out / "precious.txt").read_text() == "keep"
    write_folder(out, {"index.json": INDEX}, force=True)
    assert not (out / "precious.txt").exists()


def test_a_failed_write_leaves_the_old_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_folder(out, {"index.json": INDEX, "v1_1/A.asn1": "old"})
    with pytest.raises(OutputError):
        write_folder(out, {"index.json": INDEX, "v1_1/A.asn1/x": "bad", "v1_1/A.asn1": "clash"})
    assert (out / "v1_1/A.asn1").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_index_lists_the_declared_modules_of_every_version():
    declared = (
        DeclaredModule("v1_1", "ApplicationDataModule", "p.v1_1.ApplicationDataModule", False),
        DeclaredModule("v1_2", "LegacyModule", "p.v1_2.LegacyModule", True),
    )
    extraction = Extraction(
        AppMetadata("app.apk", "00"),
        (ProtocolVersion("v1_1", ()), ProtocolVersion("v2_1", ())),
        declared_modules=declared,
    )
    document = json.loads(index_document(extraction))
    assert document["declared_modules"] == {
        "v1_1": [
            {"name": "ApplicationDataModule", "java_class": "p.v1_1.ApplicationDataModule", "isImplicitTags": False}
        ],
        "v1_2": [{"name": "LegacyModule", "java_class": "p.v1_2.LegacyModule", "isImplicitTags": True}],
        "v2_1": [],
    }
