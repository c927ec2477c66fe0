"""ASN.1 names from annotation names, and the rule that keeps them unique in a module.

Normalisation (as the community schemas do it): `_` is dropped (`MP_DispatcherBody` →
`MPDispatcherBody`), a leading lowercase `mp` becomes `MP`, a type reference gets an upper-case
first letter and an identifier a lower-case one. Anything still invalid is rejected, so no text from
the APK reaches the output unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import SchemaError

TYPE_REFERENCE = re.compile(r"[A-Z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*")
IDENTIFIER = re.compile(r"[a-z](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*")
MAX_NAME_LENGTH = 256

# X.680 reserved words: a type reference may not be one of them.
RESERVED_WORDS = frozenset(
    [
        "ABSENT",
        "ABSTRACT-SYNTAX",
        "ALL",
        "APPLICATION",
        "AUTOMATIC",
        "BEGIN",
        "BIT",
        "BMPString",
        "BOOLEAN",
        "BY",
        "CHARACTER",
        "CHOICE",
        "CLASS",
        "COMPONENT",
        "COMPONENTS",
        "CONSTRAINED",
        "CONTAINING",
        "DATE",
        "DATE-TIME",
        "DEFAULT",
        "DEFINITIONS",
        "DURATION",
        "EMBEDDED",
        "ENCODED",
        "ENCODING-CONTROL",
        "END",
        "ENUMERATED",
        "EXCEPT",
        "EXPLICIT",
        "EXPORTS",
        "EXTENSIBILITY",
        "EXTERNAL",
        "FALSE",
        "FROM",
        "GeneralizedTime",
        "GeneralString",
        "GraphicString",
        "IA5String",
        "IDENTIFIER",
        "IMPLICIT",
        "IMPLIED",
        "IMPORTS",
        "INCLUDES",
        "INSTANCE",
        "INSTRUCTIONS",
        "INTEGER",
        "INTERSECTION",
        "ISO646String",
        "MAX",
        "MIN",
        "MINUS-INFINITY",
        "NOT-A-NUMBER",
        "NULL",
        "NumericString",
        "OBJECT",
        "ObjectDescriptor",
        "OCTET",
        "OF",
        "OID-IRI",
        "OPTIONAL",
        "PATTERN",
        "PDV",
        "PLUS-INFINITY",
        "PRESENT",
        "PrintableString",
        "PRIVATE",
        "REAL",
        "RELATIVE-OID",
        "RELATIVE-OID-IRI",
        "SET",
        "SETTINGS",
        "SIZE",
        "STRING",
        "SYNTAX",
        "T61String",
        "TAGS",
        "TeletexString",
        "TIME",
        "TIME-OF-DAY",
        "TRUE",
        "TYPE-IDENTIFIER",
        "UNION",
        "UNIQUE",
        "UNIVERSAL",
        "UniversalString",
        "UTCTime",
        "UTF8String",
        "VideotexString",
        "VisibleString",
        "WITH",
        "ANY",
    ]
)


def type_reference(annotation_name: str, where: str) -> str:
    """The ASN.1 type reference for an annotation name; `where` names the class for the error."""
    name = annotation_name.replace("_", "")
    if name.startswith("mp"):
        name = "MP" + name[2:]
    name = name[:1].upper() + name[1:]
    if len(name) > MAX_NAME_LENGTH or not TYPE_REFERENCE.fullmatch(name) or name in RESERVED_WORDS:
        raise SchemaError(f"{where}: type name {annotation_name!r} is not a valid ASN.1 type reference")
    return name


def identifier(annotation_name: str, where: str) -> str:
    """The ASN.1 identifier for a component or enumeration item name."""
    name = annotation_name.replace("_", "")
    name = name[:1].lower() + name[1:]
    if len(name) > MAX_NAME_LENGTH or not IDENTIFIER.fullmatch(name):
        raise SchemaError(f"{where}: name {annotation_name!r} is not a valid ASN.1 identifier")
    return name


def distinct_names(base_name: str, ranked_classes: Sequence[str], taken: set[str]) -> dict[str, str]:
    """Names for different classes that normalise to one name in one module.

    The first of `ranked_classes` keeps the name. Each other class gets the last segment of its
    package that the keeper's package lacks, e.g. `...message.v1_2.Message` → `MessageV12`; a
    number is appended while that collides with any name in `taken`, which receives every name
    handed out.
    """
    keeper_package = ranked_classes[0].rsplit(".", 1)[0].split(".")
    names = {ranked_classes[0]: base_name}
    taken.add(base_name)
    for java_class in ranked_classes[1:]:
        package = java_class.rsplit(".", 1)[0].split(".")
        own_segments = [segment for segment in package if segment not in keeper_package] or package[-1:]
        suffix = "".join(part[:1].upper() + part[1:] for part in own_segments[-1].split("_"))
        if not TYPE_REFERENCE.fullmatch(base_name + suffix):
            suffix = ""
        candidate = base_name + suffix
        number = 2
        while candidate in taken:
            candidate = f"{base_name}{suffix}{number}"
            number += 1
        names[java_class] = candidate
        taken.add(candidate)
    return names
