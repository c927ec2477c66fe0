"""`python -m extractor` is the `saic-asn1` command."""

from .cli import main

main(prog_name="saic-asn1")
