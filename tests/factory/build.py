"""Entry points: ASN.1 module sources -> cached dex files -> cached APK."""

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from .annotation_interfaces import interface_classes
from .apk import apk_bytes
from .asn1_input import read_module
from .assemble import assemble_dex_files, dex_name
from .axml import manifest_bytes
from .cache import cache_root, cached_directory, cached_file, content_key
from .dex_model import ClassDef
from .filler import filler_classes
from .message_classes import message_class_groups
from .spec import FORMAT_VERSION, FactoryOptions, ModuleSource

# Options that only change AndroidManifest.xml, so builds differing in them share their dex files.
_MANIFEST_OPTIONS = ("manifest", "package", "version_code", "version_name", "test_only")
DEFAULT_OPTIONS = FactoryOptions()  # frozen: one shared default is safe


def build_dex_files(
    modules: Sequence[ModuleSource], options: FactoryOptions = DEFAULT_OPTIONS, *, cache_dir: Path | None = None
) -> list[Path]:
    entry = _dex_entry(modules, options, cache_root(cache_dir))
    return [entry / dex_name(index) for index in range(options.dex_count)]


def build_apk(
    modules: Sequence[ModuleSource], options: FactoryOptions = DEFAULT_OPTIONS, *, cache_dir: Path | None = None
) -> Path:
    dex_files = build_dex_files(modules, options, cache_dir=cache_dir)
    manifest_key = content_key([FORMAT_VERSION, [getattr(options, name) for name in _MANIFEST_OPTIONS]])
    return cached_file(
        dex_files[0].parent / f"app-{manifest_key[:16]}.apk", lambda: apk_bytes(_apk_entries(dex_files, options))
    )


def copy_apk(modules: Sequence[ModuleSource], options: FactoryOptions, output: Path) -> int:
    """Build (or reuse) the APK and copy it to `output`; returns its size in bytes."""
    apk = build_apk(modules, options)
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(apk, output)
    return output.stat().st_size


def _apk_entries(dex_files: Sequence[Path], options: FactoryOptions) -> dict[str, bytes]:
    entries = {path.name: path.read_bytes() for path in dex_files}
    if options.manifest:
        entries["AndroidManifest.xml"] = manifest_bytes(
            options.package, options.version_code, options.version_name, options.test_only
        )
    return entries


def _dex_entry(modules: Sequence[ModuleSource], options: FactoryOptions, root: Path) -> Path:
    key = content_key(
        [
            FORMAT_VERSION,
            [
                [
                    module.version,
                    module.asn1_text,
                    sorted(
                        (name, placement.java_class, placement.annotation_name)
                        for name, placement in module.placements.items()
                    ),
                ]
                for module in modules
            ],
            {name: value for name, value in asdict(options).items() if name not in _MANIFEST_OPTIONS},
        ]
    )
    return cached_directory(root / key, lambda staging: _assemble(modules, options, staging))


def _assemble(modules: Sequence[ModuleSource], options: FactoryOptions, out_dir: Path) -> None:
    groups = message_class_groups([read_module(module) for module in modules], options)
    interfaces = interface_classes() if options.annotation_interfaces else []
    dex_contents = _distribute(
        interfaces, groups, filler_classes(options.filler_classes), options.dex_count, options.message_dex_count
    )
    with tempfile.TemporaryDirectory(prefix="saic-factory-") as work_dir:
        assemble_dex_files(dex_contents, Path(work_dir), out_dir)


def _distribute(
    interfaces: list[ClassDef],
    groups: list[tuple[ClassDef, ...]],
    fillers: list[ClassDef],
    dex_count: int,
    message_dex_count: int,
) -> list[list[ClassDef]]:
    """Interfaces in classes.dex; message classes round-robin over the next `message_dex_count` dex files (all
    others when 0), a class together with its member classes; filler classes round-robin over all."""
    dex_contents: list[list[ClassDef]] = [list(interfaces)] + [[] for _ in range(dex_count - 1)]
    message_dexes = range(1, 1 + (message_dex_count or dex_count - 1)) if dex_count > 1 else range(1)
    for position, group in enumerate(groups):
        dex_contents[message_dexes[position % len(message_dexes)]].extend(group)
    for position, filler in enumerate(fillers):
        dex_contents[position % dex_count].append(filler)
    return dex_contents
