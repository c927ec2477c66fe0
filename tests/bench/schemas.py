"""Deterministic, app-sized ASN.1 for the bench: one module per protocol version, placed like the app's classes.

Shapes follow the real protocol: SEQUENCEs of 5–40 components (constrained INTEGERs, strings, OCTET STRINGs,
OPTIONAL and DEFAULT components, references to earlier types, SEQUENCE OF, inline SEQUENCE/CHOICE/ENUMERATED),
CHOICEs, ENUMERATED wrappers and boxed types; v1_1 also uses types of v1_2, as the app does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.factory import ModuleSource, TypePlacement
from tests.factory.spec import version_package

VERSIONS = ("v1_1", "v1_2", "v2_0", "v2_1", "v3_0")
AREAS = ("login", "vehicle", "remoteControl", "charging", "alarm", "message", "software", "advertise")
_NOUNS = (
    "Vehicle",
    "Charging",
    "Climate",
    "Door",
    "Window",
    "Alarm",
    "Message",
    "Position",
    "Battery",
    "Trip",
    "Route",
    "Account",
    "Schedule",
    "Firmware",
    "Tyre",
    "Light",
    "Seat",
    "Journey",
    "Geofence",
    "Key",
)
_ROLES = ("StatusReq", "StatusResp", "CtrlReq", "CtrlResp", "Info", "List", "Setting", "Record", "Param", "Event")
_WORDS = (
    "vin",
    "status",
    "value",
    "mode",
    "level",
    "count",
    "time",
    "position",
    "speed",
    "heading",
    "result",
    "code",
    "name",
    "state",
    "flag",
    "limit",
    "target",
    "source",
    "index",
    "reason",
)
_STRINGS = ("IA5String", "UTF8String", "PrintableString", "VisibleString", "NumericString")
# v1_1 messages use v1_2 classes: the first types of v1_2 that v1_1 imports.
_SHARED_FROM_V1_2 = 8


@dataclass(frozen=True)
class _Declared:
    name: str
    kind: str  # "SEQUENCE", "CHOICE", "ENUMERATED", "SEQUENCE OF", "INTEGER"
    items: tuple[str, ...] = ()  # enumeration items, for DEFAULT values


def bench_modules(types_per_version: int, seed: int = 20240501) -> list[ModuleSource]:
    """`types_per_version` named types in each of the five versions (plus two dispatcher types each)."""
    shared: list[_Declared] = []
    modules = []
    for version in sorted(VERSIONS, key=lambda name: name != "v1_2"):
        generator = _ModuleGenerator(version, random.Random(f"{seed}-{version}"))
        imported = shared if version == "v1_1" else []
        text, declared = generator.module(types_per_version, imported)
        if version == "v1_2":
            shared = declared[:_SHARED_FROM_V1_2]
        modules.append(ModuleSource(version, text, generator.placements))
    return sorted(modules, key=lambda module: module.version)


def module_name(version: str) -> str:
    return "Bench" + version.replace("_", "").upper()


class _ModuleGenerator:
    def __init__(self, version: str, rng: random.Random) -> None:
        self.version = version
        self.rng = rng
        self.placements: dict[str, TypePlacement] = {}
        self.declared: list[_Declared] = []

    def module(self, count: int, imported: list[_Declared]) -> tuple[str, list[_Declared]]:
        assignments = [self._dispatcher_header(), self._dispatcher_body()]
        own: list[_Declared] = []
        self.declared = list(imported)
        # Imported types keep their numbers, so no own type shadows one of them.
        for index in range(len(imported), len(imported) + count):
            name = f"{_NOUNS[index % len(_NOUNS)]}{_ROLES[(index // len(_NOUNS)) % len(_ROLES)]}{index}"
            area = AREAS[self.rng.randrange(len(AREAS))]
            sub_package = ".v2_1" if self.rng.random() < 0.1 else ""
            self.placements[name] = TypePlacement(
                f"{version_package(self.version)}.entity.{area}{sub_package}.{name}", name
            )
            text, declared = self._assignment(name)
            assignments.append(text)
            own.append(declared)
            self.declared.append(declared)
        imports = ""
        if imported:
            names = ", ".join(declared.name for declared in imported)
            imports = f"IMPORTS {names} FROM {module_name('v1_2')};\n"
        body = "\n".join(assignments)
        text = f"{module_name(self.version)} DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n{imports}{body}\nEND\n"
        return text, own

    def _dispatcher_header(self) -> str:
        return (
            "MPDispatcherHeader ::= SEQUENCE { protocolVersion INTEGER(0..255), "
            "securityContext INTEGER(0..255), dispatcherMessageLength INTEGER(0..255), "
            "dispatcherBodyEncoding INTEGER(0..255) }"
        )

    def _dispatcher_body(self) -> str:
        return (
            "MPDispatcherBody ::= SEQUENCE { applicationID IA5String(SIZE(1..3)), messageID INTEGER(0..255), "
            "eventCreationTime INTEGER(0..2147483647), messageCounter INTEGER(0..255) OPTIONAL, "
            "uid IA5String(SIZE(1..64)) OPTIONAL, token IA5String(SIZE(1..128)) OPTIONAL, "
            "vin IA5String(SIZE(17)) OPTIONAL, result INTEGER(0..255) OPTIONAL, "
            "errorMessage OCTET STRING(SIZE(1..1000)) OPTIONAL }"
        )

    def _assignment(self, name: str) -> tuple[str, _Declared]:
        roll = self.rng.random()
        if roll < 0.6 or not self.declared:
            # 5 to 40 components, most messages small: squaring skews the draw towards 5.
            size = 5 + int(36 * self.rng.random() ** 2)
            return f"{name} ::= {self._sequence(size)}", _Declared(name, "SEQUENCE")
        if roll < 0.72:
            return f"{name} ::= {self._choice(self.rng.randint(2, 8))}", _Declared(name, "CHOICE")
        if roll < 0.87:
            items = self._enum_items(self.rng.randint(2, 20))
            return f"{name} ::= {self._enumerated(items)}", _Declared(name, "ENUMERATED", items)
        if roll < 0.95:
            element = self._reference(allow_constraint=False) or self._primitive()
            return f"{name} ::= SEQUENCE (SIZE(1..{self.rng.randint(2, 256)})) OF {element}", _Declared(
                name, "SEQUENCE OF"
            )
        return f"{name} ::= {self._integer()}", _Declared(name, "INTEGER")

    def _sequence(self, size: int, depth: int = 0) -> str:
        components = []
        for position in range(size):
            component_type, default = self._component(depth)
            suffix = ""
            if default is not None:
                suffix = f" DEFAULT {default}"
            elif self.rng.random() < 0.3:
                suffix = " OPTIONAL"
            components.append(f"{self._identifier(position)} {component_type}{suffix}")
        return "SEQUENCE { " + ", ".join(components) + " }"

    def _choice(self, size: int) -> str:
        alternatives = [f"{self._identifier(position)} {self._component(depth=1)[0]}" for position in range(size)]
        return "CHOICE { " + ", ".join(alternatives) + " }"

    def _component(self, depth: int) -> tuple[str, str | None]:
        """A component type and, sometimes, a DEFAULT value for it."""
        roll = self.rng.random()
        if roll < 0.3:
            lower, upper = self._range()
            default = str(self.rng.randint(lower, upper)) if self.rng.random() < 0.1 else None
            return f"INTEGER({lower}..{upper})", default
        if roll < 0.38:
            return "BOOLEAN", ("TRUE" if self.rng.random() < 0.5 else "FALSE") if self.rng.random() < 0.2 else None
        if roll < 0.52:
            return self._primitive(), None
        if roll < 0.72:
            return self._reference_with_default()
        if roll < 0.82:
            element = self._reference(allow_constraint=False) or self._primitive()
            return f"SEQUENCE (SIZE(0..{self.rng.randint(1, 64)})) OF {element}", None
        if depth == 0 and roll < 0.87:
            return self._sequence(self.rng.randint(2, 6), depth + 1), None
        if depth == 0 and roll < 0.9:
            return self._choice(self.rng.randint(2, 4)), None
        if roll < 0.95:
            return self._enumerated(self._enum_items(self.rng.randint(2, 6))), None
        return "OCTET STRING", None

    def _reference_with_default(self) -> tuple[str, str | None]:
        enumerations = [declared for declared in self.declared[-40:] if declared.kind == "ENUMERATED"]
        if enumerations and self.rng.random() < 0.15:
            target = self.rng.choice(enumerations)
            return target.name, self.rng.choice(target.items)
        return self._reference(allow_constraint=True) or self._primitive(), None

    def _reference(self, allow_constraint: bool) -> str | None:
        """An earlier type (never a later one, so the types form no cycles), mostly a recent one."""
        if not self.declared:
            return None
        pool = self.declared[-60:] if self.rng.random() < 0.8 else self.declared
        target = self.rng.choice(pool)
        if allow_constraint and target.kind == "INTEGER" and self.rng.random() < 0.2:
            return f"{target.name}(1)"
        return target.name

    def _primitive(self) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            lower = self.rng.randint(0, 4)
            return f"{self.rng.choice(_STRINGS)}(SIZE({lower}..{lower + self.rng.randint(1, 255)}))"
        if roll < 0.75:
            return f"OCTET STRING(SIZE({self.rng.randint(1, 64)}))"
        if roll < 0.85:
            return f"BIT STRING(SIZE({self.rng.randint(1, 64)}))"
        return self._integer()

    def _integer(self) -> str:
        lower, upper = self._range()
        return f"INTEGER({lower}..{upper})"

    def _range(self) -> tuple[int, int]:
        roll = self.rng.random()
        if roll < 0.6:
            return 0, self.rng.choice((1, 7, 15, 100, 255, 65535))
        if roll < 0.85:
            lower = -self.rng.randint(1, 1000)
            return lower, self.rng.randint(1, 1000)
        return -self.rng.randint(1 << 31, 1 << 40), self.rng.randint(1 << 31, 1 << 40)

    def _enumerated(self, items: tuple[str, ...]) -> str:
        numbers = sorted(self.rng.sample(range(len(items) * 3), len(items)))
        return "ENUMERATED { " + ", ".join(f"{item}({number})" for item, number in zip(items, numbers)) + " }"

    def _enum_items(self, count: int) -> tuple[str, ...]:
        return tuple(f"{self.rng.choice(_WORDS)}{position}" for position in range(count))

    def _identifier(self, position: int) -> str:
        return f"{self.rng.choice(_WORDS)}{position}"
