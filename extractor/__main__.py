"""`python -m extractor` is the `saic-asn1` command."""

from . import run

run()
