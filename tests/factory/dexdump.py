"""Reads built dex files back through Debian's `dexdump`, which prints annotations with signed values."""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .spec import FactoryError

_CLASS_ANNOTATIONS = re.compile(r"Class #\d+ annotations:")
_TARGET = re.compile(r"Annotations on (class|field|method) ?(?:#\d+ '([^']*)')?")
_DESCRIPTOR = re.compile(r"\s+Class descriptor\s+: '([^']+)'")
_MEMBER_NAME = re.compile(r"\s+name\s+: '([^']+)'")
_MEMBER_TYPE = re.compile(r"\s+type\s+: '([^']+)'")
_METHOD_HEADER = re.compile(r"\|\[[0-9a-f]+\] (\S+):(\S+)$")
_INSTRUCTION = re.compile(r"\|[0-9a-f]{4}: (.*?)(?: // (?:method|field|type|string)@[0-9a-f]+)?$")


@dataclass
class DumpedClass:
    descriptor: str
    annotations: list[str] = field(default_factory=list)  # "VISIBILITY_RUNTIME Lx; a=1 b=\"s\"" lines
    field_annotations: dict[str, list[str]] = field(default_factory=dict)
    method_annotations: dict[str, list[str]] = field(default_factory=dict)
    field_types: dict[str, str] = field(default_factory=dict)


def _dexdump(*arguments: str) -> str:
    dexdump = shutil.which("dexdump")
    if dexdump is None:
        raise FactoryError("the `dexdump` tool is not installed (Debian package `dexdump`)")
    result = subprocess.run([dexdump, *arguments], capture_output=True, check=True)
    return result.stdout.decode("utf-8", errors="replace")


def dump_classes(dex: Path) -> dict[str, DumpedClass]:
    """Every class of the dex file with its class, field and method annotations and its field types."""
    classes: dict[str, DumpedClass] = {}
    pending = DumpedClass("")
    target: list[str] | None = None
    current: DumpedClass | None = None
    member_name: str | None = None
    for line in _dexdump("-a", str(dex)).splitlines():
        if _CLASS_ANNOTATIONS.fullmatch(line):
            pending, target, current = DumpedClass(""), None, None
        elif match := _TARGET.fullmatch(line):
            kind, name = match.groups()
            target = (
                pending.annotations if kind == "class" else getattr(pending, f"{kind}_annotations").setdefault(name, [])
            )
        elif line.startswith("  VISIBILITY_") and target is not None:
            target.append(line.strip())
        elif match := _DESCRIPTOR.match(line):
            pending.descriptor = match.group(1)
            current, target = pending, None
            classes[current.descriptor] = current
            pending = DumpedClass("")
        elif current is not None and (match := _MEMBER_NAME.match(line)):
            member_name = match.group(1)
        elif current is not None and member_name is not None and (match := _MEMBER_TYPE.match(line)):
            if not match.group(1).startswith("("):
                current.field_types[member_name] = match.group(1)
            member_name = None
    return classes


def method_instructions(dex: Path, class_descriptor: str, method: str) -> list[str]:
    """The instructions of one method as dexdump -d disassembles them, without index comments (`// field@0012`)
    but with literal ones (`// #fffe`), which show const-wide values that dexdump prints as doubles."""
    wanted = class_descriptor[1:-1].replace("/", ".") + "." + method
    instructions: list[str] = []
    inside = False
    for line in _dexdump("-d", str(dex)).splitlines():
        if match := _METHOD_HEADER.search(line):
            if inside:
                break
            inside = match.group(1) == wanted
        elif inside and (match := _INSTRUCTION.search(line)):
            instructions.append(match.group(1))
    return instructions
