"""`python -m tests.factory.sample OUT.apk`: build the committed sample APK (what `make sample` runs)."""

from pathlib import Path

import click

from tests.sample.spec import SAMPLE_OPTIONS, sample_modules

from .build import copy_apk
from .spec import FactoryError


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def main(output: Path) -> None:
    """Build the sample APK from tests/sample/asn1 and copy it to OUTPUT."""
    try:
        size = copy_apk(sample_modules(), SAMPLE_OPTIONS, output)
    except FactoryError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{output}: {size} bytes")


if __name__ == "__main__":
    main()
