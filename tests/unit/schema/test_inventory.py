"""The reports of `saic-asn1 inspect`, text and JSON, against what a reader expects of hand-made inputs."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from extractor.errors import InputError
from extractor.model import AppMetadata, DeclaredModule
from extractor.schema.interpret import VersionCensus
from extractor.schema.inventory import InputInventory, output_inventory

APP = AppMetadata("app.apk", "ab" * 32, "com.example.app", "3.1.0", 310)
V1_1 = VersionCensus(
    classes=12,
    types=9,
    plain_classes=1,
    modules=(
        DeclaredModule("v1_1", "Header", "mp.v1_1.Header", True),
        DeclaredModule("v1_1", "Body", "mp.v1_1.Body", False),
        DeclaredModule("v1_1", "Data", "mp.v1_1.Data", False),
    ),
)


def test_an_input_as_text():
    report = InputInventory(APP, ("classes.dex", "classes2.dex"), {"v1_1": V1_1, "v3_0": VersionCensus(1234, 56)})
    assert report.to_text().splitlines() == [
        "file         app.apk",
        f"sha256       {'ab' * 32}",
        "package      com.example.app",
        "versionName  3.1.0",
        "versionCode  310",
        "dex files    2",
        "per version package: its classes, the ASN.1 types declared in it, its plain classes and modules",
        "  v1_1        12 classes,     9 ASN.1 types,   1 plain class",
        "             modules with IMPLICIT TAGS: Header",
        "             modules with AUTOMATIC or EXPLICIT TAGS: Body, Data",
        "  v3_0      1234 classes,    56 ASN.1 types,   0 plain classes",
    ]


def test_an_input_without_metadata_or_versions_as_text():
    report = InputInventory(AppMetadata("classes.dex", "00" * 32), ("classes.dex",), {})
    assert report.to_text().splitlines()[2:] == [
        "package      unknown",
        "versionName  unknown",
        "versionCode  unknown",
        "dex files    1",
        "versions     none (no com.saicmotor.telematics.tsgp.otaadapter.mp.<version> classes)",
    ]


def test_an_input_as_json():
    document = json.loads(InputInventory(APP, ("classes.dex",), {"v1_1": V1_1}).to_json())
    assert document == {
        "file": "app.apk",
        "sha256": "ab" * 32,
        "package": "com.example.app",
        "versionName": "3.1.0",
        "versionCode": 310,
        "testOnly": False,
        "dex_files": ["classes.dex"],
        "versions": {
            "v1_1": {
                "classes": 12,
                "types": 9,
                "plain_classes": 1,
                "declared_modules": [
                    {"name": "Header", "java_class": "mp.v1_1.Header", "isImplicitTags": True},
                    {"name": "Body", "java_class": "mp.v1_1.Body", "isImplicitTags": False},
                    {"name": "Data", "java_class": "mp.v1_1.Data", "isImplicitTags": False},
                ],
            }
        },
    }


def type_entry(version: str, file_name: str, name: str, **extra: str) -> dict[str, str]:
    module = file_name.removesuffix(".asn1")
    return {
        "version": version,
        "module": module,
        "file": f"{version}/{file_name}",
        "name": name,
        "java_class": f"mp.{version}.{name}",
        "kind": "SEQUENCE",
        **extra,
    }


@pytest.fixture
def output(tmp_path):
    index = {
        "input": {"file": "app.apk", "sha256": "cd" * 32, "package": None, "versionName": "3.1.0", "versionCode": 310},
        "versions": ["v2_1", "v1_1"],
        "types": [
            type_entry("v2_1", "ApplicationData.asn1", "Ping"),
            type_entry("v1_1", "MP_DispatcherBody.asn1", "Body"),
            type_entry("v1_1", "ApplicationData.asn1", "Status"),
            type_entry("v1_1", "ApplicationData.asn1", "Lock"),
            type_entry("v1_1", "ApplicationData.asn1", "Old", merged_into="Lock"),
        ],
        "declared_modules": {
            "v1_1": [{"name": "Data", "java_class": "mp.v1_1.Data", "isImplicitTags": True, "extra": 1}]
        },
    }
    (tmp_path / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return tmp_path


def test_an_output_folder_as_text(output):
    assert output_inventory(output).to_text().splitlines() == [
        f"extraction   {output}",
        "file         app.apk",
        f"sha256       {'cd' * 32}",
        "package      unknown",
        "versionName  3.1.0",
        "versionCode  310",
        "per version: the ASN.1 types in its modules, the modules the app declares",
        "  v1_1         3 ASN.1 types (MP_DispatcherBody.asn1 1, ApplicationData.asn1 2)",
        "             modules with IMPLICIT TAGS: Data",
        "  v2_1         1 ASN.1 type (ApplicationData.asn1 1)",
    ]


def test_an_output_folder_as_json(output):
    assert json.loads(output_inventory(output).to_json()) == {
        "extraction": str(output),
        "file": "app.apk",
        "sha256": "cd" * 32,
        "package": None,
        "versionName": "3.1.0",
        "versionCode": 310,
        "testOnly": False,
        "versions": {
            "v1_1": {
                "types": 3,
                "modules": {"MP_DispatcherBody.asn1": 1, "ApplicationData.asn1": 2},
                "declared_modules": [{"name": "Data", "java_class": "mp.v1_1.Data", "isImplicitTags": True}],
            },
            "v2_1": {"types": 1, "modules": {"ApplicationData.asn1": 1}, "declared_modules": []},
        },
    }


def test_garbled_declared_modules_are_an_input_error_naming_the_index(output):
    index = json.loads((output / "index.json").read_text(encoding="utf-8"))
    index["declared_modules"] = {"v1_1": [{"name": "Data"}]}
    (output / "index.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(InputError, match=r"index\.json: declared_modules is not as saic-asn1 writes it"):
        output_inventory(output)


def test_a_test_build_says_so_in_text_and_json():
    report = InputInventory(replace(APP, test_only=True), ("classes.dex",), {})
    assert json.loads(report.to_json())["testOnly"] is True
    assert "versionCode  310\ntestOnly     yes: a test build, not an app release\n" in report.to_text()
    assert "testOnly" not in InputInventory(APP, ("classes.dex",), {}).to_text()
