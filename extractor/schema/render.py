"""Render step: model modules → ASN.1 text. Holds the jinja2 environment, which `generate` renders with too
(the reference site has its own, in docs/site)."""

from __future__ import annotations

from importlib import resources

import jinja2

from .. import __version__
from ..model import (
    SIZED_TYPES,
    AppMetadata,
    BitStringType,
    CharacterStringType,
    ChoiceType,
    Component,
    Constraint,
    DeclaredModule,
    EnumeratedType,
    IntegerType,
    Module,
    OctetStringType,
    SequenceOfType,
    SequenceType,
    SingleValue,
    Type,
    TypeReference,
    ValueRange,
)
from ..model import keyword as asn1_keyword

MODULE_TEMPLATE = "module.asn1.j2"
INDENT = "  "


def _load_template(name: str) -> str:
    return resources.files("extractor.templates").joinpath(name).read_text(encoding="utf-8")


ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FunctionLoader(_load_template),
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def comment(text: str | int | None) -> str:
    """Text safe inside a `--` comment: printable ASCII only, and never two hyphens in a row."""
    if text is None:
        return "unknown"
    safe: list[str] = []
    for character in str(text):
        if character == "-" and safe and safe[-1].endswith("-"):
            safe.append("\\u002d")
        elif " " <= character <= "~" and character != "\\":
            safe.append(character)
        else:
            safe.append(f"\\u{ord(character):04x}")
    return "".join(safe)


@jinja2.pass_context
def asn1_type(context: jinja2.runtime.Context, type_: Type) -> str:
    """The ASN.1 text of a type, with the names of the module being rendered (its `writer`)."""
    return context["writer"].type_text(type_, "")


ENVIRONMENT.filters["comment"] = comment
ENVIRONMENT.filters["asn1_type"] = asn1_type


def render_module(
    module: Module, version: str, app: AppMetadata, declared_modules: tuple[DeclaredModule, ...] = ()
) -> str:
    """The module's text; `declared_modules` are the app's module classes of the version, named in a comment."""
    names = module.names_by_class()
    types = {assignment.java_class: assignment.type for assignment in module.assignments}
    types.update((alias, types[keeper]) for alias, keeper in module.merged_classes)
    writer = _TypeWriter(names, types)
    # One environment for every module, so the template is compiled once, not once per module.
    template = ENVIRONMENT.get_template(MODULE_TEMPLATE)
    return template.render(
        tool_version=__version__,
        app=app,
        version=version,
        module=module,
        writer=writer,
        declared_modules=declared_modules,
    )


class _TypeWriter:
    def __init__(self, names: dict[str, str], types: dict[str, Type]) -> None:
        self.names = names
        self.types = types

    def type_text(self, type_: Type, indent: str) -> str:
        if isinstance(type_, IntegerType):
            return "INTEGER" + _value_constraint(type_.constraint)
        if isinstance(type_, OctetStringType):
            return "OCTET STRING" + _size_constraint(type_.size)
        if isinstance(type_, BitStringType):
            return "BIT STRING" + _size_constraint(type_.size)
        if isinstance(type_, CharacterStringType):
            return type_.kind + _size_constraint(type_.size)
        if isinstance(type_, TypeReference):
            return self.names[type_.java_class] + self._reference_constraint(type_)
        if isinstance(type_, SequenceOfType):
            keyword = "SET" if type_.is_set_of else "SEQUENCE"
            size = f" SIZE{_bounds(type_.size)}" if type_.size else ""
            return f"{keyword}{size} OF {self.type_text(type_.element, indent)}"
        if isinstance(type_, EnumeratedType):
            items = [f"{item.name}({item.number})" for item in type_.items]
            return self._braced("ENUMERATED", items, indent)
        if isinstance(type_, SequenceType):
            keyword = "SET" if type_.is_set else "SEQUENCE"
            return self._braced(keyword, [self._component(c, indent + INDENT) for c in type_.components], indent)
        if isinstance(type_, ChoiceType):
            return self._braced("CHOICE", [self._component(c, indent + INDENT) for c in type_.alternatives], indent)
        return asn1_keyword(type_)

    def _braced(self, keyword: str, lines: list[str], indent: str) -> str:
        if not lines:
            return f"{keyword} {{}}"
        body = ",\n".join(indent + INDENT + line for line in lines)
        return f"{keyword}\n{indent}{{\n{body}\n{indent}}}"

    def _component(self, component: Component, indent: str) -> str:
        text = f"{component.name} {self.type_text(component.type, indent)}"
        if component.default is not None:
            text += " DEFAULT " + _literal(component.default.value, component.default.is_enum_item)
        elif component.optional:
            text += " OPTIONAL"
        if component.note:
            text = f"-- {comment(component.note)}\n{indent}{text}"
        return text

    def _reference_constraint(self, reference: TypeReference) -> str:
        if reference.constraint is None:
            return ""
        target = self.types.get(reference.java_class)
        seen = {reference.java_class}
        while isinstance(target, TypeReference) and target.java_class not in seen:
            seen.add(target.java_class)
            target = self.types.get(target.java_class)
        if isinstance(target, SIZED_TYPES):
            return _size_constraint(reference.constraint)
        return _value_constraint(reference.constraint)


def _bounds(constraint: Constraint) -> str:
    if isinstance(constraint, ValueRange):
        return f"({constraint.lower}..{constraint.upper})"
    assert isinstance(constraint, SingleValue)
    return f"({constraint.value})"


def _value_constraint(constraint: Constraint | None) -> str:
    return _bounds(constraint) if constraint else ""


def _size_constraint(constraint: Constraint | None) -> str:
    return f"(SIZE{_bounds(constraint)})" if constraint else ""


def _literal(value: int | bool | str, is_enum_item: bool) -> str:
    if is_enum_item:
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return f'"{value}"'
