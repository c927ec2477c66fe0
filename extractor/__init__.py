"""saic-asn1: recover the ASN.1 UPER schemas of the MG/SAIC iSmart protocol from the Android app."""

__version__ = "0.1.0"
