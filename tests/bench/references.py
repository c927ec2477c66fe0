"""The two references the bench measures `saic-asn1 extract` against, each run as its own process.

- floor: open the APK and inflate every dex entry; no extractor can be faster than reading its input.
- naive: what one writes first with androguard: `AnalyzeAPK`, then walk every class and, for the
  target classes, read their class and field annotations.

`python -m tests.bench.references floor|naive APK`
"""

from __future__ import annotations

import zipfile

import click

TARGET_PREFIX = "Lcom/saicmotor/telematics/tsgp/otaadapter/"


def floor(apk: str) -> int:
    """Inflate every dex entry; returns the bytes read."""
    with zipfile.ZipFile(apk) as archive:
        return sum(len(archive.read(info)) for info in archive.infolist() if info.filename.endswith(".dex"))


def naive(apk: str) -> int:
    """AnalyzeAPK, then every annotation of every target class; returns how many annotation values it saw.

    The annotation items are found through offset indexes: androguard's own lookups are linear scans,
    with which the walk alone would take the better part of an hour on the bench APK.
    """
    from androguard.core.dex.dex_types import TypeMapItem
    from androguard.misc import AnalyzeAPK
    from loguru import logger

    logger.disable("androguard")
    _, dex_files, _ = AnalyzeAPK(apk)
    seen = 0
    for dex in dex_files:
        sets = {item.get_off(): item for item in dex.map_list.get_item_type(TypeMapItem.ANNOTATION_SET_ITEM) or ()}
        items = {item.get_off(): item for item in dex.map_list.get_item_type(TypeMapItem.ANNOTATION_ITEM) or ()}
        for class_def in dex.get_classes():
            directory = class_def.annotations_directory_item
            if not class_def.get_name().startswith(TARGET_PREFIX) or directory is None:
                continue
            offsets = [directory.get_class_annotations_off()]
            offsets += [field.get_annotations_off() for field in directory.get_field_annotations()]
            for offset in filter(None, offsets):
                for entry in sets[offset].get_annotation_off_item():
                    annotation = items[entry.get_annotation_off()].get_annotation()
                    dex.CM.get_type(annotation.get_type_idx())
                    for element in annotation.get_elements():
                        dex.CM.get_string(element.get_name_idx())
                        element.get_value().get_value()
                        seen += 1
    return seen


@click.command()
@click.argument("which", type=click.Choice(["floor", "naive"]))
@click.argument("apk", type=click.Path(exists=True, dir_okay=False))
def main(which: str, apk: str) -> None:
    result = floor(apk) if which == "floor" else naive(apk)
    click.echo(f"{which}: {result}", err=True)


if __name__ == "__main__":
    main()
