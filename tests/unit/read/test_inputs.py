import io
import zipfile

import pytest

from extractor.errors import InputError
from extractor.read.inputs import load_input

DEX = b"dex\n035\x00" + bytes(100)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_apk_dex_entries_come_in_numeric_order(tmp_path):
    apk = tmp_path / "app.apk"
    apk.write_bytes(
        zip_bytes({"classes10.dex": DEX + b"10", "classes2.dex": DEX + b"2", "classes.dex": DEX + b"1", "res/x": b""})
    )
    loaded = load_input([apk])
    assert [dex.name for dex in loaded.dex_files] == [
        "app.apk!classes.dex",
        "app.apk!classes2.dex",
        "app.apk!classes10.dex",
    ]
    assert loaded.metadata.package is None and len(loaded.metadata.sha256) == 64


def test_bundles_use_every_inner_apk_with_dex_in_memory(tmp_path):
    base = zip_bytes({"classes.dex": DEX + b"base"})
    split = zip_bytes({"classes.dex": DEX + b"split"})
    assets = zip_bytes({"res/x": b""})
    bundle = tmp_path / "app.xapk"
    bundle.write_bytes(
        zip_bytes({"config.arm64.apk": assets, "split_feature.apk": split, "base.apk": base, "manifest.json": b"{}"})
    )
    loaded = load_input([bundle])
    assert [dex.name for dex in loaded.dex_files] == [
        "app.xapk!base.apk!classes.dex",
        "app.xapk!split_feature.apk!classes.dex",
    ]
    assert list(tmp_path.iterdir()) == [bundle]


def test_bare_dex_files_and_folders(tmp_path):
    (tmp_path / "classes2.dex").write_bytes(DEX + b"2")
    (tmp_path / "classes.dex").write_bytes(DEX + b"1")
    from_folder = load_input([tmp_path])
    assert [dex.name for dex in from_folder.dex_files] == ["classes.dex", "classes2.dex"]
    from_files = load_input([tmp_path / "classes.dex", tmp_path / "classes2.dex"])
    assert from_files.metadata.sha256 == from_folder.metadata.sha256


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", r"app.apk: not a valid APK or bundle"),
        (zip_bytes({"res/x": b""}), r"app.apk: holds no dex files"),
        (zip_bytes({"classes.dex": b"garbage!"}), r"app.apk!classes.dex: not a dex file \(bad magic\)"),
        (zip_bytes({"classes.dex": DEX})[:-30], r"app.apk: not a valid APK or bundle"),
    ],
)
def test_bad_archives_fail_with_one_line_naming_the_file(tmp_path, content, message):
    apk = tmp_path / "app.apk"
    apk.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        load_input([apk])
    assert "\n" not in str(caught.value)


def test_oversized_entries_are_refused_before_inflating(tmp_path):
    apk = tmp_path / "app.apk"
    apk.write_bytes(zip_bytes({"classes.dex": DEX + bytes(5000)}))
    with pytest.raises(InputError, match=r"classes.dex: declared size \d+ exceeds the limit of 1000"):
        load_input([apk], max_dex_bytes=1000)


def test_missing_input(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_input([tmp_path / "nope.apk"])


@pytest.mark.parametrize("test_only", [True, False])
@pytest.mark.parametrize("container", ["apk", "xapk"])
def test_an_apk_marked_test_only_in_its_manifest_is_a_test_build(tmp_path, test_only, container):
    from tests.factory.axml import manifest_bytes

    apk = zip_bytes({"AndroidManifest.xml": manifest_bytes("com.example", 7, "7.0", test_only), "classes.dex": DEX})
    path = tmp_path / f"app.{container}"
    path.write_bytes(apk if container == "apk" else zip_bytes({"base.apk": apk}))
    metadata = load_input([path]).metadata
    assert (metadata.package, metadata.version_code, metadata.test_only) == ("com.example", 7, test_only)


ACCEPTED = r"give one APK or bundle \(\.apk, \.xapk, \.apks, \.apkm\), or \.dex files, or a folder of \.dex files"


@pytest.mark.parametrize("second", ["b.apk", "b.xapk", "classes2.dex"])
def test_several_inputs_with_an_apk_say_that_an_apk_comes_alone(tmp_path, second):
    (tmp_path / "a.apk").write_bytes(zip_bytes({"classes.dex": DEX}))
    (tmp_path / second).write_bytes(zip_bytes({"classes.dex": DEX}) if second.startswith("b.") else DEX)
    with pytest.raises(InputError, match=rf"^{tmp_path}/a\.apk: an APK or bundle comes alone; {ACCEPTED}$"):
        load_input([tmp_path / "a.apk", tmp_path / second])


def test_several_inputs_with_a_file_that_is_neither_say_what_is_accepted(tmp_path):
    (tmp_path / "classes.dex").write_bytes(DEX)
    (tmp_path / "notes.txt").write_bytes(b"hello")
    with pytest.raises(InputError, match=rf"^{tmp_path}/notes\.txt: not a dex file \(bad magic\); {ACCEPTED}$"):
        load_input([tmp_path / "classes.dex", tmp_path / "notes.txt"])


def test_a_folder_of_apks_names_them_and_says_what_is_accepted(tmp_path):
    for name in ("e.apk", "d.apk", "c.apks", "b.apk", "a.xapk"):
        (tmp_path / name).write_bytes(zip_bytes({"classes.dex": DEX}))
    (tmp_path / "notes.txt").write_bytes(b"hello")
    expected = (
        rf"^{tmp_path}: folder holds no \.dex files but APKs or bundles \(a\.xapk, b\.apk, c\.apks, …\); {ACCEPTED}$"
    )
    with pytest.raises(InputError, match=expected):
        load_input([tmp_path])


def test_a_folder_without_dex_files_says_what_is_accepted(tmp_path):
    (tmp_path / "notes.txt").write_bytes(b"hello")
    with pytest.raises(InputError, match=rf"^{tmp_path}: folder holds no \.dex files; {ACCEPTED}$"):
        load_input([tmp_path])
