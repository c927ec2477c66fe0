"""`python -m tests.factory OUT.apk VERSION:FILE.asn1[:AREA] ...`: build a test APK from ASN.1 files."""

from pathlib import Path
from typing import Any

import asn1tools
import click

from .build import copy_apk
from .spec import (
    FactoryError,
    FactoryOptions,
    ModuleSource,
    TypePlacement,
    version_package,
)

_DEFAULTS = FactoryOptions()


def _module_source(argument: str) -> ModuleSource:
    version, _, rest = argument.partition(":")
    path_text, _, area = rest.partition(":")
    path = Path(path_text)
    if not path.is_file():
        raise click.BadParameter(f"{argument!r}: expected VERSION:FILE.asn1[:AREA] with an existing file")
    text = path.read_text(encoding="utf-8")
    placements: dict[str, TypePlacement] = {}
    if area:
        for module in asn1tools.parse_string(text).values():
            placements |= {
                name: TypePlacement(f"{version_package(version)}.entity.{area}.{name}", name)
                for name in module["types"]
            }
    return ModuleSource(version, text, placements)


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("sources", nargs=-1, required=True)
@click.option("--tags/--no-tags", default=_DEFAULTS.tags, help="hasTag/tag on components")
@click.option("--init-stores/--no-init-stores", default=_DEFAULTS.init_stores, help="<init> stores null per field")
@click.option("--annotation-interfaces/--no-annotation-interfaces", default=_DEFAULTS.annotation_interfaces)
@click.option("--explicit-defaults/--no-explicit-defaults", default=_DEFAULTS.explicit_defaults)
@click.option("--dex-count", type=click.IntRange(min=1), default=_DEFAULTS.dex_count)
@click.option(
    "--message-dex-count",
    type=click.IntRange(min=0),
    default=_DEFAULTS.message_dex_count,
    help="dex files after classes.dex that hold the message classes (0: all)",
)
@click.option("--filler-classes", type=click.IntRange(min=0), default=_DEFAULTS.filler_classes)
@click.option("--package", default=_DEFAULTS.package)
@click.option("--version-code", type=int, default=_DEFAULTS.version_code)
@click.option("--version-name", default=_DEFAULTS.version_name)
@click.option("--manifest/--no-manifest", default=_DEFAULTS.manifest)
def main(output: Path, sources: tuple[str, ...], **options: Any) -> None:
    """Build OUTPUT from SOURCES, each VERSION:FILE.asn1 with one module, optionally :AREA to place all its
    types in com.saicmotor.telematics.tsgp.otaadapter.mp.VERSION.entity.AREA (default: dispatcher/misc)."""
    try:
        size = copy_apk([_module_source(source) for source in sources], FactoryOptions(**options), output)
    except (FactoryError, asn1tools.ParseError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{output}: {size} bytes")


if __name__ == "__main__":
    main()
