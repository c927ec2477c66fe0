"""`python -m tests.factory.sample_releases FOLDER`: build the committed archive of four small releases
(`samples/releases/`, what `make sample` also builds) that the README's regenerate and history examples use.

3.1.5 adds `Status.heading`; 3.2.0 has the same schemas as 3.1.5; 3.3.0 widens `heading` and adds a type.
"""

from pathlib import Path

import click

from .build import copy_apk
from .spec import FactoryError, FactoryOptions, ModuleSource

PACKAGE = "com.saicmotor.ismart.sample"
BASE = """ApplicationDataModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN
Status ::= SEQUENCE { speed INTEGER(0..255), vin IA5String(SIZE(17)) }
END"""
WITH_HEADING = BASE.replace("speed INTEGER(0..255)", "speed INTEGER(0..255), heading INTEGER(0..359) OPTIONAL")
WIDER_HEADING = WITH_HEADING.replace("(0..359)", "(0..720)").replace(
    "END", "ChargingStatus ::= SEQUENCE { level INTEGER(0..100) }\nEND"
)
# versionName, versionCode, schemas, filler classes (other code of the app).
RELEASES = (
    ("3.1.0", 310, BASE, 0),
    ("3.1.5", 315, WITH_HEADING, 0),
    ("3.2.0", 320, WITH_HEADING, 10),
    ("3.3.0", 330, WIDER_HEADING, 0),
)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def main(folder: Path) -> None:
    """Build ismart-<versionName>.apk for every release into FOLDER."""
    for version_name, version_code, schemas, filler in RELEASES:
        options = FactoryOptions(
            package=PACKAGE, version_name=version_name, version_code=version_code, filler_classes=filler
        )
        output = folder / f"ismart-{version_name}.apk"
        try:
            size = copy_apk([ModuleSource("v2_1", schemas)], options, output)
        except FactoryError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"{output}: {size} bytes")


if __name__ == "__main__":
    main()
