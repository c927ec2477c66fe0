"""Input step: an APK, an XAPK/APKS/APKM bundle, bare `.dex` files or a folder of them → dex bytes.

Everything is read in memory; nothing from a bundle is ever written to disk.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import AppMetadata
from ..parallel import available_cores
from . import DEFAULT_MAX_DEX_BYTES
from .manifest import UNREADABLE, Manifest, read_manifest

DEX_MAGIC = re.compile(rb"dex\n0[0-9]{2}\x00")
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
BUNDLE_SUFFIXES = (".xapk", ".apks", ".apkm")
DEX_ENTRY = re.compile(r"classes(\d*)\.dex")
ZIP_MAGIC = re.compile(rb"PK\x03\x04")
ACCEPTED_INPUTS = "give one APK or bundle (.apk, .xapk, .apks, .apkm), or .dex files, or a folder of .dex files"


@dataclass(frozen=True)
class DexFile:
    """One dex file; `name` says where it came from, e.g. `app.apk!classes2.dex`."""

    name: str
    data: bytes


@dataclass(frozen=True)
class LoadedInput:
    metadata: AppMetadata
    dex_files: tuple[DexFile, ...]


def load_input(paths: list[Path], max_dex_bytes: int = DEFAULT_MAX_DEX_BYTES) -> LoadedInput:
    """Read every dex file of the input, in the order the app's class loader would see them."""
    if not paths:
        raise InputError("no input given")
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    if len(paths) == 1 and paths[0].is_dir():
        return _load_dex_folder(paths[0], max_dex_bytes)
    if len(paths) == 1 and not _starts_with(paths[0], DEX_MAGIC):
        return _load_archive(paths[0], max_dex_bytes)
    for path in paths:
        if path.is_file() and not _starts_with(path, DEX_MAGIC):
            what = "an APK or bundle comes alone" if _starts_with(path, ZIP_MAGIC) else "not a dex file (bad magic)"
            raise InputError(f"{path}: {what}; {ACCEPTED_INPUTS}")
    return _load_dex_paths(paths[0], paths, max_dex_bytes)


def _starts_with(path: Path, magic: re.Pattern[bytes]) -> bool:
    with path.open("rb") as stream:
        return magic.match(stream.read(8)) is not None


def _load_dex_folder(folder: Path, max_dex_bytes: int) -> LoadedInput:
    dex_paths = sorted(folder.glob("*.dex"), key=_dex_sort_key)
    if not dex_paths:
        archives = sorted(path.name for path in folder.iterdir() if path.is_file() and _starts_with(path, ZIP_MAGIC))
        shown = ", ".join(archives[:3]) + (", …" if len(archives) > 3 else "")
        held = f" but APKs or bundles ({shown})" if archives else ""
        raise InputError(f"{folder}: folder holds no .dex files{held}; {ACCEPTED_INPUTS}")
    return _load_dex_paths(folder, dex_paths, max_dex_bytes)


def _dex_sort_key(path: Path) -> tuple[int, str]:
    match = DEX_ENTRY.fullmatch(path.name)
    return (int(match.group(1) or 1), path.name) if match else (1 << 30, path.name)


def _load_dex_paths(origin: Path, paths: list[Path], max_dex_bytes: int) -> LoadedInput:
    digest = hashlib.sha256()
    dex_files = []
    for path in paths:
        if path.is_dir():
            raise InputError(f"{path}: give either one folder or dex files, not both")
        if path.stat().st_size > max_dex_bytes:
            raise InputError(f"{path}: {path.stat().st_size} bytes exceeds the dex size limit of {max_dex_bytes}")
        data = path.read_bytes()
        _check_dex(path.name, data)
        digest.update(data)
        dex_files.append(DexFile(path.name, data))
    metadata = AppMetadata(source_name=origin.name, sha256=digest.hexdigest())
    return LoadedInput(metadata, tuple(dex_files))


def _check_dex(name: str, data: bytes) -> None:
    if DEX_MAGIC.fullmatch(data[:8]) is None:
        raise InputError(f"{name}: not a dex file (bad magic)")


def _load_archive(path: Path, max_dex_bytes: int) -> LoadedInput:
    raw = path.read_bytes()
    sha256 = hashlib.sha256(raw).hexdigest()
    archive = _open_zip(path.name, raw)
    with archive:
        if _dex_entries(archive):
            manifest = _manifest_metadata(path.name, archive)
            dex_files = _read_dex_entries(path.name, archive, max_dex_bytes)
        else:
            manifest, dex_files = _load_bundle(path.name, archive, max_dex_bytes)
    if not dex_files:
        raise InputError(f"{path}: holds no dex files (expected classes.dex or an APK that has one)")
    metadata = AppMetadata(path.name, sha256, *manifest)
    return LoadedInput(metadata, tuple(dex_files))


def _open_zip(name: str, raw: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise InputError(f"{name}: not a valid APK or bundle (zip): {error}") from None


def _dex_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = [info for info in archive.infolist() if DEX_ENTRY.fullmatch(info.filename)]
    return sorted(entries, key=lambda info: _dex_sort_key(Path(info.filename)))


def _read_entry(origin: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Inflate one entry, refusing it before and while inflating when it exceeds `limit`."""
    label = f"{origin}!{info.filename}"
    if info.file_size > limit:
        raise InputError(f"{label}: declared size {info.file_size} exceeds the limit of {limit} bytes")
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise InputError(f"{label}: cannot be read: {error}") from None
    if len(data) > limit:
        raise InputError(f"{label}: inflated size exceeds the limit of {limit} bytes")
    return data


def _read_dex_entries(origin: str, archive: zipfile.ZipFile, max_dex_bytes: int) -> list[DexFile]:
    entries = _dex_entries(archive)
    # zlib inflates without holding the GIL, so a thread per core inflates that many dex entries at once.
    with ThreadPoolExecutor(max_workers=available_cores()) as pool:
        contents = list(pool.map(lambda info: _read_entry(origin, archive, info, max_dex_bytes), entries))
    dex_files = []
    for info, data in zip(entries, contents):
        _check_dex(f"{origin}!{info.filename}", data)
        dex_files.append(DexFile(f"{origin}!{info.filename}", data))
    return dex_files


def _load_bundle(origin: str, archive: zipfile.ZipFile, max_dex_bytes: int) -> tuple[Manifest, list[DexFile]]:
    """Use every inner APK that holds dex; the metadata comes from the first one with a manifest."""
    inner_apks = sorted(
        (info for info in archive.infolist() if info.filename.lower().endswith(".apk")),
        key=lambda info: (Path(info.filename).name != "base.apk", info.filename),
    )
    metadata = UNREADABLE
    dex_files: list[DexFile] = []
    for info in inner_apks:
        inner_name = f"{origin}!{info.filename}"
        inner = _open_zip(inner_name, _read_entry(origin, archive, info, max_dex_bytes))
        with inner:
            if not _dex_entries(inner):
                continue
            if metadata == UNREADABLE:
                metadata = _manifest_metadata(inner_name, inner)
            dex_files.extend(_read_dex_entries(inner_name, inner, max_dex_bytes))
    return metadata, dex_files


def _manifest_metadata(origin: str, archive: zipfile.ZipFile) -> Manifest:
    """The fields of a binary AndroidManifest.xml; UNREADABLE when there is none or it cannot be parsed."""
    try:
        info = archive.getinfo("AndroidManifest.xml")
    except KeyError:
        return UNREADABLE
    return read_manifest(_read_entry(origin, archive, info, MAX_MANIFEST_BYTES))
