"""Schema diff with a UPER wire verdict and a generated-client API verdict for every change.

Types are matched by Java class (from index.json) first, then by name; components by name. Each
change is `breaking` when old and new peers would mis-decode each other's messages, `compatible`
when the encodings of every value both sides accept are the same. UPER facts used (no extension
markers): SEQUENCE components are encoded in order after one presence bit per OPTIONAL/DEFAULT
component; a constrained INTEGER is `value - lower` in ceil(log2(upper - lower + 1)) bits; a size
range below 64K is a `length - lower` field of the same width, a fixed size has none; an ENUMERATED
or CHOICE is the index of the item (by value) or alternative (by position) in ceil(log2(n)) bits. The
SIZE of UTF8String and the other strings in `uper.OCTET_COUNTED` is not PER-visible: their encoding
is a length determinant and octets whatever the constraint.

The API verdict (after buf's split of WIRE and source compatibility) says whether code using the
package `generate python` writes still works: names are its classes and attributes, so a renamed or
removed type or component, or a changed Python type, breaks it even where the wire does not change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..generate.pymodel import attribute_name, python_type_text
from ..model import (
    BitStringType,
    CharacterStringType,
    ChoiceType,
    Component,
    Constraint,
    EnumeratedType,
    EnumItem,
    IntegerType,
    OctetStringType,
    SequenceOfType,
    SequenceType,
    Type,
    TypeReference,
)
from ..schema.stored import StoredExtraction, StoredModule
from .snapshot import WrittenConstraint, keyword, written_constraint
from .uper import LENGTH_LIMIT, OCTET_COUNTED, effective_range, has_presence_bit

BREAKING = "breaking"
COMPATIBLE = "compatible"
# Character strings whose UPER encoding is 7 bits per character, the character's own code.
SEVEN_BIT_STRINGS = {"IA5String", "VisibleString", "PrintableString", "ISO646String"}
STRING_TYPES = SEVEN_BIT_STRINGS | {
    "UTF8String",
    "NumericString",
    "TeletexString",
    "VideotexString",
    "GraphicString",
    "GeneralString",
    "UniversalString",
    "BMPString",
    "OCTET STRING",
    "BIT STRING",
}
STRUCTURED = {"SEQUENCE", "SET", "CHOICE"}
# The API verdict of the kinds of change that do not depend on the types involved.
API_VERDICTS = {
    "type added": (COMPATIBLE, "a new class"),
    "type removed": (BREAKING, "code that uses its class fails"),
    "component removed": (BREAKING, "code that reads or sets the attribute fails"),
    "component reordered": (COMPATIBLE, "the dataclasses take keyword arguments only"),
    "optional toggled": (
        BREAKING,
        "the attribute gains or loses `| None`, and the argument becomes required or optional",
    ),
    "constraint changed": (COMPATIBLE, "the Python type stays; encode checks the new range"),
    "enum item added": (COMPATIBLE, "a new member"),
    "enum item removed": (BREAKING, "code that names the member fails"),
    "enum item renumbered": (COMPATIBLE, "members are named, not numbered"),
    "choice alternative added": (COMPATIBLE, "a new attribute that defaults to None"),
    "choice alternative removed": (BREAKING, "code that reads or sets the alternative fails"),
    "choice alternatives reordered": (COMPATIBLE, "alternatives are attributes, found by name"),
}


@dataclass(frozen=True)
class Change:
    version: str
    module: str
    type_name: str
    # Where in the type: "" for the type itself, else components joined by ".", "[]" for elements.
    path: str
    kind: str
    old: str | None
    new: str | None
    verdict: str
    reason: str
    # Whether code using the generated Python package still works.
    api_verdict: str
    api_reason: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def diff_snapshots(old: StoredExtraction, new: StoredExtraction) -> list[Change]:
    changes: list[Change] = []
    for version in sorted(set(old.versions) | set(new.versions)):
        old_modules, new_modules = _by_file(old, version), _by_file(new, version)
        for file_name in sorted(set(old_modules) | set(new_modules)):
            pair = _ModulePair(
                version, file_name, _Side(old_modules.get(file_name), True), _Side(new_modules.get(file_name), True)
            )
            changes.extend(pair.changes())
    return _ordered(changes)


def diff_versions(extraction: StoredExtraction, old_version: str, new_version: str) -> list[Change]:
    """Two protocol versions of one output, module file by module file, types matched by name."""
    changes: list[Change] = []
    old_modules, new_modules = _by_file(extraction, old_version), _by_file(extraction, new_version)
    label = f"{old_version}→{new_version}"
    for file_name in sorted(set(old_modules) | set(new_modules)):
        changes.extend(diff_modules(label, file_name, old_modules.get(file_name), new_modules.get(file_name)))
    return _ordered(changes)


def diff_modules(label: str, module: str, old: StoredModule | None, new: StoredModule | None) -> list[Change]:
    """Two modules (None: absent), types matched by name; changes carry `label` as version and `module`."""
    return _ordered(_ModulePair(label, module, _Side(old, False), _Side(new, False)).changes())


def _by_file(extraction: StoredExtraction, version: str) -> dict[str, StoredModule]:
    return {module.file_name: module for module in extraction.modules_of(version)}


def _ordered(changes: list[Change]) -> list[Change]:
    """Grouped by version, module and type; within a type, in the order the comparison found them."""
    return sorted(changes, key=lambda change: (change.version, change.module, change.type_name))


class _Side:
    """One side of a module pair: its types by name (none when the module is absent) and, when types are
    matched by Java class, the class of each name."""

    def __init__(self, module: StoredModule | None, by_class: bool) -> None:
        self.module = module
        self.types: dict[str, Type] = {a.name: a.type for a in module.assignments} if module else {}
        self.by_class = by_class

    def java_class(self, name: str) -> str | None:
        return self.module.java_class(name) if self.module and self.by_class else None

    @property
    def stored(self) -> StoredModule:
        assert self.module is not None, "a type of an absent module"
        return self.module


class _ModulePair:
    def __init__(self, version: str, file_name: str, old: _Side, new: _Side) -> None:
        self.version = version
        self.file_name = file_name
        self.old = old
        self.new = new
        self.matches = self._match_types()
        self.found: list[Change] = []

    def _match_types(self) -> dict[str, str]:
        """Old type name → new type name: same Java class first, then same name."""
        new_by_class = {self.new.java_class(name): name for name in self.new.types}
        matches = {}
        for name in self.old.types:
            java_class = self.old.java_class(name)
            if java_class is not None and java_class in new_by_class:
                matches[name] = new_by_class[java_class]
        taken = set(matches.values())
        for name in self.old.types:
            if name not in matches and name in self.new.types and name not in taken:
                matches[name] = name
                taken.add(name)
        return matches

    def changes(self) -> list[Change]:
        matched_new = set(self.matches.values())
        for old_name in self.old.types:
            if old_name not in self.matches:
                self._add(
                    old_name,
                    "",
                    "type removed",
                    type_text(Component(old_name, self.old.types[old_name]), self.old.stored),
                    None,
                    COMPATIBLE,
                    "no remaining type's encoding changes; new peers no longer understand it",
                )
        for new_name in self.new.types:
            if new_name not in matched_new:
                self._add(
                    new_name,
                    "",
                    "type added",
                    None,
                    type_text(Component(new_name, self.new.types[new_name]), self.new.stored),
                    COMPATIBLE,
                    "a new type changes no existing encoding; old peers do not know it",
                )
        for old_name, new_name in self.matches.items():
            if old_name != new_name:
                self._add(
                    new_name,
                    "",
                    "type renamed",
                    old_name,
                    new_name,
                    COMPATIBLE,
                    "names are not on the wire",
                    _renamed(old_name.replace("-", "_"), new_name.replace("-", "_"), "class"),
                )
            old_type, new_type = self.old.types[old_name], self.new.types[new_name]
            self._compare(new_name, "", Component(old_name, old_type), Component(new_name, new_type), top_level=True)
        return self.found

    def _add(
        self,
        type_name: str,
        path: str,
        kind: str,
        old: str | None,
        new: str | None,
        verdict: str,
        reason: str,
        api: tuple[str, str] | None = None,
    ) -> None:
        api_verdict, api_reason = api or API_VERDICTS[kind]
        self.found.append(
            Change(
                self.version, self.file_name, type_name, path, kind, old, new, verdict, reason, api_verdict, api_reason
            )
        )

    # --- one type against another ---------------------------------------------------------------

    def _compare(self, type_name: str, path: str, old: Component, new: Component, top_level: bool = False) -> None:
        """`old` and `new` are components (or types wrapped as one: a named type, an element)."""
        old_type, new_type = old.type, new.type
        old_reference, new_reference = isinstance(old_type, TypeReference), isinstance(new_type, TypeReference)
        if (
            isinstance(old_type, TypeReference)
            and isinstance(new_type, TypeReference)
            and self.matches.get(self.old.stored.name_of(old_type)) == self.new.stored.name_of(new_type)
        ):
            kind = keyword(self.new.stored.resolve(new_type), self.new.stored)
            self._compare_constraints(type_name, path, old_type, new_type, kind)
            return
        old_kind = keyword(old_type, self.old.stored)
        if old_reference or new_reference or old_kind != keyword(new_type, self.new.stored):
            verdict, reason = self._replacement_verdict(old_type, new_type)
            self._add(
                type_name,
                path,
                "type changed" if top_level else "component type changed",
                type_text(old, self.old.stored),
                type_text(new, self.new.stored),
                verdict,
                reason,
                self._python_type_verdict(old_type, new_type),
            )
            return
        self._compare_constraints(type_name, path, old_type, new_type, old_kind)
        if isinstance(old_type, SequenceType) and isinstance(new_type, SequenceType):
            self._compare_components(type_name, path, old_type.components, new_type.components)
        elif isinstance(old_type, ChoiceType) and isinstance(new_type, ChoiceType):
            self._compare_alternatives(type_name, path, old_type.alternatives, new_type.alternatives)
        elif isinstance(old_type, EnumeratedType) and isinstance(new_type, EnumeratedType):
            self._compare_items(type_name, path, old_type.items, new_type.items)
        elif isinstance(old_type, SequenceOfType) and isinstance(new_type, SequenceOfType):
            element_path = _join(path, "[]")
            self._compare(type_name, element_path, Component("", old_type.element), Component("", new_type.element))

    def _compare_constraints(self, type_name: str, path: str, old: Type, new: Type, kind: str) -> None:
        old_written, new_written = written_constraint(old, self.old.stored), written_constraint(new, self.new.stored)
        for is_size in (False, True):
            before = old_written.bounds if old_written and old_written.is_size == is_size else None
            after = new_written.bounds if new_written and new_written.is_size == is_size else None
            if before == after:
                continue
            if kind in STRUCTURED:
                verdict, reason = COMPATIBLE, f"a constraint on a {kind} does not change its encoding"
            elif is_size and kind in OCTET_COUNTED:
                verdict, reason = (
                    COMPATIBLE,
                    (
                        f"SIZE is not PER-visible for {kind}: a length determinant and octets either way;"
                        " lengths outside the narrower range are rejected"
                    ),
                )
            elif is_size or kind in STRING_TYPES or kind in ("SEQUENCE OF", "SET OF"):
                verdict, reason = _size_verdict(before, after)
            else:
                verdict, reason = _integer_verdict(before, after)
            self._add(
                type_name,
                path,
                "constraint changed",
                _constraint_text(is_size, before),
                _constraint_text(is_size, after),
                verdict,
                reason,
            )

    def _compare_components(
        self, type_name: str, path: str, old_components: tuple[Component, ...], new_components: tuple[Component, ...]
    ) -> None:
        old_by_name = {component.name: component for component in old_components}
        new_by_name = {component.name: component for component in new_components}
        removed = [name for name in old_by_name if name not in new_by_name]
        added = [name for name in new_by_name if name not in old_by_name]
        old_positions = {name: index for index, name in enumerate(old_by_name)}
        new_positions = {name: index for index, name in enumerate(new_by_name)}
        for old_name in list(removed):
            twin = next(
                (
                    name
                    for name in added
                    if new_positions[name] == old_positions[old_name]
                    and self._wire(old_by_name[old_name].type, self.old.stored)
                    == self._wire(new_by_name[name].type, self.new.stored)
                    and has_presence_bit(old_by_name[old_name]) == has_presence_bit(new_by_name[name])
                ),
                None,
            )
            if twin is not None:
                removed.remove(old_name)
                added.remove(twin)
                self._add(
                    type_name,
                    _join(path, twin),
                    "component renamed",
                    old_name,
                    twin,
                    COMPATIBLE,
                    "names are not on the wire",
                    _renamed(attribute_name(old_name), attribute_name(twin), "attribute"),
                )
        for name in removed:
            self._add(
                type_name,
                _join(path, name),
                "component removed",
                type_text(old_by_name[name], self.old.stored),
                None,
                BREAKING,
                "no extension marker: every encoding loses the component" + _presence_note(old_by_name[name]),
            )
        for name in added:
            required = (BREAKING, "constructors must pass the new attribute")
            api = (COMPATIBLE, "a new attribute with a default") if has_presence_bit(new_by_name[name]) else required
            self._add(
                type_name,
                _join(path, name),
                "component added",
                None,
                type_text(new_by_name[name], self.new.stored),
                BREAKING,
                "no extension marker: every encoding gains the component" + _presence_note(new_by_name[name]),
                api,
            )
        common_old = [name for name in old_by_name if name in new_by_name]
        common_new = [name for name in new_by_name if name in old_by_name]
        if common_old != common_new:
            self._add(
                type_name,
                path,
                "component reordered",
                ", ".join(common_old),
                ", ".join(common_new),
                BREAKING,
                "UPER encodes components in declaration order",
            )
        for name in common_new:
            self._compare_presence(type_name, _join(path, name), old_by_name[name], new_by_name[name])
            self._compare(type_name, _join(path, name), old_by_name[name], new_by_name[name])

    def _compare_presence(self, type_name: str, path: str, old: Component, new: Component) -> None:
        if has_presence_bit(old) != has_presence_bit(new):
            state = {True: "OPTIONAL", False: "mandatory"}
            self._add(
                type_name,
                path,
                "optional toggled",
                state[has_presence_bit(old)],
                state[has_presence_bit(new)],
                BREAKING,
                "adds or removes a presence bit in the SEQUENCE preamble",
            )
            return
        old_default = old.default.value if old.default else None
        new_default = new.default.value if new.default else None
        if old_default == new_default:
            return
        if old_default is not None and new_default is not None:
            verdict, reason = BREAKING, "a value equal to a DEFAULT is not sent, so each side fills in a different one"
            api = (COMPATIBLE, "the attribute keeps its type; only its default value changes")
        else:
            verdict, reason = (
                COMPATIBLE,
                "DEFAULT and OPTIONAL share the presence bit; only the meaning of an absent value changes",
            )
            api = (BREAKING, "an OPTIONAL attribute is `X | None`, one with a DEFAULT is `X`")
        self._add(type_name, path, "default changed", _text(old_default), _text(new_default), verdict, reason, api)

    def _compare_alternatives(
        self,
        type_name: str,
        path: str,
        old_alternatives: tuple[Component, ...],
        new_alternatives: tuple[Component, ...],
    ) -> None:
        old_names = [alternative.name for alternative in old_alternatives]
        new_names = [alternative.name for alternative in new_alternatives]
        verdict, reason = _index_verdict(old_names, new_names, "alternative", "by position")
        for name in old_names:
            if name not in new_names:
                self._add(type_name, _join(path, name), "choice alternative removed", name, None, verdict, reason)
        for name in new_names:
            if name not in old_names:
                self._add(type_name, _join(path, name), "choice alternative added", None, name, verdict, reason)
        common_old = [name for name in old_names if name in new_names]
        common_new = [name for name in new_names if name in old_names]
        if common_old != common_new:
            self._add(
                type_name,
                path,
                "choice alternatives reordered",
                ", ".join(common_old),
                ", ".join(common_new),
                BREAKING,
                "the CHOICE index follows the alternatives' order",
            )
        old_by_name = {alternative.name: alternative for alternative in old_alternatives}
        new_by_name = {alternative.name: alternative for alternative in new_alternatives}
        for name in common_new:
            self._compare(type_name, _join(path, name), old_by_name[name], new_by_name[name])

    def _compare_items(
        self, type_name: str, path: str, old_values: tuple[EnumItem, ...], new_values: tuple[EnumItem, ...]
    ) -> None:
        old_items = {item.name: item.number for item in old_values}
        new_items = {item.name: item.number for item in new_values}
        old_order = sorted(old_items, key=old_items.__getitem__)
        new_order = sorted(new_items, key=new_items.__getitem__)
        verdict, reason = _index_verdict(old_order, new_order, "item", "by value")
        for name in old_order:
            if name not in new_items:
                self._add(
                    type_name,
                    _join(path, name),
                    "enum item removed",
                    f"{name}({old_items[name]})",
                    None,
                    verdict,
                    reason,
                )
        for name in new_order:
            if name not in old_items:
                self._add(
                    type_name, _join(path, name), "enum item added", None, f"{name}({new_items[name]})", verdict, reason
                )
            elif old_items[name] != new_items[name]:
                self._add(
                    type_name,
                    _join(path, name),
                    "enum item renumbered",
                    f"{name}({old_items[name]})",
                    f"{name}({new_items[name]})",
                    verdict,
                    reason,
                )

    # --- wire forms ------------------------------------------------------------------------------

    def _wire(self, type_: Type, module: StoredModule, seen: frozenset[str] = frozenset()) -> Any:
        """What decides the type's UPER encoding, hashable; references resolved, recursion cut."""
        if isinstance(type_, TypeReference):
            name = module.name_of(type_)
            if name in seen:
                return ("recursion", name)
            return self._wire(module.target(type_).type, module, seen | {name})
        kind = keyword(type_, module)
        if isinstance(type_, IntegerType):
            return ("INTEGER", _integer_encoding(type_.constraint))
        if kind in OCTET_COUNTED:
            # The SIZE is not PER-visible: a length determinant and octets whatever the constraint.
            return (kind, ("length determinant",))
        if isinstance(type_, (OctetStringType, BitStringType, CharacterStringType)) and kind in STRING_TYPES:
            family = "7-bit string" if kind in SEVEN_BIT_STRINGS else kind
            return (family, _length_encoding(type_.size))
        if isinstance(type_, SequenceType):
            components = type_.components
            return (kind, tuple((has_presence_bit(c), self._wire(c.type, module, seen)) for c in components))
        if isinstance(type_, ChoiceType):
            return (kind, tuple(self._wire(alternative.type, module, seen) for alternative in type_.alternatives))
        if isinstance(type_, EnumeratedType):
            return (kind, tuple(sorted(((item.name, item.number) for item in type_.items), key=lambda item: item[1])))
        if isinstance(type_, SequenceOfType):
            return (kind, _length_encoding(type_.size), self._wire(type_.element, module, seen))
        return (kind,)

    def _replacement_verdict(self, old: Type, new: Type) -> tuple[str, str]:
        old_wire, new_wire = self._wire(old, self.old.stored), self._wire(new, self.new.stored)
        if old_wire == new_wire:
            return COMPATIBLE, "both encode the same way in UPER"
        if old_wire[0] == new_wire[0] == "INTEGER":
            return _integer_verdict(_integer_bounds(old, self.old.stored), _integer_bounds(new, self.new.stored))
        if old_wire[0] == new_wire[0]:
            return BREAKING, f"both are {old_wire[0]}, but their contents encode differently"
        return BREAKING, f"{_indefinite(old_wire[0])} and {_indefinite(new_wire[0])} encode differently"

    def _python_type_verdict(self, old: Type, new: Type) -> tuple[str, str]:
        old_type, new_type = (
            python_type_text(old, self.old.stored.name_of),
            python_type_text(new, self.new.stored.name_of),
        )
        if old_type == new_type:
            return COMPATIBLE, f"the Python type stays {new_type}"
        return BREAKING, f"the Python type changes from {old_type} to {new_type}"


def _integer_bounds(type_: Type, module: StoredModule) -> Constraint | None:
    """The range of the INTEGER a type is or stands for (a constraint on the reference itself left out)."""
    resolved = module.resolve(type_)
    return resolved.constraint if isinstance(resolved, IntegerType) else None


# --- UPER arithmetic -----------------------------------------------------------------------------


def _bits(lower: int, upper: int) -> int:
    return (upper - lower).bit_length()


def _integer_encoding(constraint: Constraint | None) -> tuple:
    limits = effective_range(constraint)
    return ("unconstrained",) if limits is None else ("offset", limits[0], _bits(*limits))


def _length_encoding(constraint: Constraint | None) -> tuple:
    limits = effective_range(constraint)
    if limits is None or limits[1] >= LENGTH_LIMIT:
        return ("length determinant",)
    if limits[0] == limits[1]:
        return ("fixed", limits[0])
    return ("length field", limits[0], _bits(*limits))


def _integer_verdict(before: Constraint | None, after: Constraint | None) -> tuple[str, str]:
    old, new = _integer_encoding(before), _integer_encoding(after)
    if old == new:
        if old == ("unconstrained",):
            return COMPATIBLE, "both unconstrained"
        return (
            COMPATIBLE,
            f"keeps the lower bound {old[1]} and the {old[2]}-bit width; values outside the narrower range are rejected",
        )
    if "unconstrained" in (old[0], new[0]):
        return BREAKING, "a constrained INTEGER is a fixed-width offset, an unconstrained one a length-prefixed number"
    if old[1] != new[1]:
        return BREAKING, f"lower bound {old[1]} → {new[1]} shifts every encoded value"
    return BREAKING, f"width {old[2]} → {new[2]} bits"


def _size_verdict(before: Constraint | None, after: Constraint | None) -> tuple[str, str]:
    old, new = _length_encoding(before), _length_encoding(after)
    if old == new:
        return COMPATIBLE, "the length is encoded the same way; lengths outside the narrower range are rejected"
    return BREAKING, f"length encoding {_describe_length(old)} → {_describe_length(new)}"


def _describe_length(encoding: tuple) -> str:
    if encoding[0] == "fixed":
        return f"none (fixed size {encoding[1]})"
    if encoding[0] == "length field":
        return f"{encoding[2]}-bit field from {encoding[1]}"
    return "general length determinant"


def _indefinite(noun: str) -> str:
    """The noun with its article ("an item", "an INTEGER", "a UTF8String": a capital U is read "you")."""
    return f"{'an' if noun[0] in 'aeiouAEIO' else 'a'} {noun}"


def _index_verdict(old_order: list[str], new_order: list[str], what: str, ordering: str) -> tuple[str, str]:
    """Items keep their encoding when one list extends the other and the index width stays the same."""
    old_width, new_width = _bits(0, max(len(old_order) - 1, 0)), _bits(0, max(len(new_order) - 1, 0))
    shorter, longer = sorted((old_order, new_order), key=len)
    if longer[: len(shorter)] == shorter and old_width == new_width:
        return COMPATIBLE, (
            f"every common {what} keeps its index ({ordering}) and the index stays {old_width} bits;"
            f" a peer rejects only {_indefinite(what)} it does not know"
        )
    if old_width != new_width:
        return BREAKING, f"the index ({ordering}) grows or shrinks from {old_width} to {new_width} bits"
    return BREAKING, f"{what}s change their index ({ordering})"


# --- text ----------------------------------------------------------------------------------------


def _renamed(old: str, new: str, what: str) -> tuple[str, str]:
    if old == new:
        return COMPATIBLE, f"the Python {what} keeps its name {new}"
    return BREAKING, f"the Python {what} {old} becomes {new}"


def _presence_note(component: Component) -> str:
    return " and its presence bit" if has_presence_bit(component) else ""


def _join(path: str, part: str) -> str:
    if part == "[]":
        return f"{path}[]"
    return f"{path}.{part}" if path else part


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _constraint_text(is_size: bool, constraint: Constraint | None) -> str:
    if constraint is None:
        return "none"
    return WrittenConstraint(is_size, constraint).text()


def type_text(component: Component, module: StoredModule) -> str:
    """A short ASN.1-like text of a component's type (or a named type's, as a component of that name), for reports."""
    type_ = component.type
    kind = keyword(type_, module)
    written = written_constraint(type_, module)
    if isinstance(type_, SequenceOfType):
        size = f" {written.text()}" if written else ""
        return f"{kind.split()[0]}{size} OF {type_text(Component('', type_.element), module)}"
    if isinstance(type_, (SequenceType, ChoiceType, EnumeratedType)):
        return f"{kind} {{…}}"
    text = kind
    if written:
        text += written.text() if not written.is_size else f"({written.text()})"
    if component.optional:
        text += " OPTIONAL"
    if component.default is not None:
        text += f" DEFAULT {component.default.value}"
    return text
