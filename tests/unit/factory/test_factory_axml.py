"""The binary AndroidManifest.xml writer, read back by androguard."""

import zipfile

import pytest
from androguard.core.apk import APK
from androguard.core.axml import AXMLPrinter
from hypothesis import given, settings
from hypothesis import strategies as st
from loguru import logger

from tests.factory import FactoryOptions, ModuleSource, build_apk
from tests.factory.axml import manifest_bytes

# Slow (left out of `make test-fast`): builds APKs with the test-APK factory.
pytestmark = pytest.mark.slow

logger.disable("androguard")

TINY = ModuleSource("v2_1", "Tiny DEFINITIONS AUTOMATIC TAGS ::= BEGIN T ::= SEQUENCE { a BOOLEAN } END")


def test_apk_manifest_round_trip_through_androguard():
    options = FactoryOptions(package="com.saicmotor.ismart.axml", version_code=4012, version_name="4.0.12-rc1")
    apk = APK(str(build_apk([TINY], options)))
    assert apk.get_package() == "com.saicmotor.ismart.axml"
    assert apk.get_androidversion_code() == "4012"
    assert apk.get_androidversion_name() == "4.0.12-rc1"
    assert apk.get_min_sdk_version() == "21"
    assert list(apk.get_dex_names()) == ["classes.dex"]


def test_apk_without_manifest_still_holds_its_dex_files():
    path = build_apk([TINY], FactoryOptions(manifest=False, dex_count=2))
    assert zipfile.ZipFile(path).namelist() == ["classes.dex", "classes2.dex"]
    assert sorted(APK(str(path)).get_dex_names()) == ["classes.dex", "classes2.dex"]


def test_apk_entries_are_sorted_deflated_and_undated():
    entries = zipfile.ZipFile(build_apk([TINY], FactoryOptions(dex_count=2))).infolist()
    assert [entry.filename for entry in entries] == ["AndroidManifest.xml", "classes.dex", "classes2.dex"]
    assert {(entry.compress_type, entry.date_time) for entry in entries} == {
        (zipfile.ZIP_DEFLATED, (1980, 1, 1, 0, 0, 0))
    }


@settings(max_examples=40, deadline=None)
@given(
    package=st.from_regex(r"[a-z]{1,8}(\.[a-z][a-z0-9_]{0,8}){1,3}", fullmatch=True),
    version_code=st.integers(min_value=0, max_value=2**31 - 1),
    version_name=st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40),
)
def test_manifest_prints_back_as_xml(package, version_code, version_name):
    xml = AXMLPrinter(manifest_bytes(package, version_code, version_name)).get_xml_obj()
    android = "{http://schemas.android.com/apk/res/android}"
    assert xml.tag == "manifest"
    assert xml.get("package") == package
    assert xml.get(f"{android}versionCode") == str(version_code)
    assert xml.get(f"{android}versionName") == version_name
    assert [child.tag for child in xml] == ["uses-sdk", "application"]


@pytest.mark.parametrize("length", [0x7FFF, 0x8000])
def test_long_strings_use_the_two_unit_length_prefix(length):
    xml = AXMLPrinter(manifest_bytes("com.example", 1, "v" * length)).get_xml().decode()
    assert f'android:versionName="{"v" * length}"' in xml


@pytest.mark.parametrize("test_only", [True, False])
def test_test_only_is_androids_boolean_on_the_application_element(test_only):
    xml = AXMLPrinter(manifest_bytes("com.example", 1, "1.0", test_only)).get_xml_obj()
    application = xml.find("application")
    assert application.get("{http://schemas.android.com/apk/res/android}testOnly") == ("true" if test_only else None)
