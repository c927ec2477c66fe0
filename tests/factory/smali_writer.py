"""Renders ClassDefs as smali source, plus the few literal and instruction spellings smali needs."""

from .dex_model import (
    Annotation,
    AnnotationValue,
    ClassDef,
    EnumValue,
    FieldDef,
    IntValue,
    LongValue,
    MethodDef,
    TypeValue,
)

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def smali_string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif " " <= char <= "~":
            out.append(char)
        else:
            # Dex strings are UTF-16 based, so characters beyond the BMP become surrogate pairs.
            units = char.encode("utf-16-be")
            out.extend(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
    return f'"{"".join(out)}"'


def hex_literal(value: int) -> str:
    return f"-0x{-value:x}" if value < 0 else f"0x{value:x}"


def const_int(register: str, value: int) -> str:
    if -8 <= value <= 7:
        return f"const/4 {register}, {hex_literal(value)}"
    if -0x8000 <= value <= 0x7FFF:
        return f"const/16 {register}, {hex_literal(value)}"
    return f"const {register}, {hex_literal(value)}"


def const_wide(register: str, value: int) -> str:
    if -0x8000 <= value <= 0x7FFF:
        return f"const-wide/16 {register}, {hex_literal(value)}"
    if -0x80000000 <= value <= 0x7FFFFFFF:
        return f"const-wide/32 {register}, {hex_literal(value)}"
    return f"const-wide {register}, {hex_literal(value)}L"


def smali_path(descriptor: str) -> str:
    return descriptor[1:-1] + ".smali"


def render_class(cls: ClassDef) -> str:
    lines = [f".class {cls.access} {cls.descriptor}", f".super {cls.superclass}"]
    if cls.source is not None:
        lines.append(f".source {smali_string(cls.source)}")
    lines.extend(f".implements {interface}" for interface in cls.interfaces)
    for annotation in cls.annotations:
        lines.append("")
        lines.extend(_annotation_lines(annotation, ""))
    for field in cls.fields:
        lines.append("")
        lines.extend(_field_lines(field))
    for method in cls.methods:
        lines.append("")
        lines.extend(_method_lines(method))
    return "\n".join(lines) + "\n"


def _field_lines(field: FieldDef) -> list[str]:
    lines = [f".field {field.access} {field.name}:{field.descriptor}"]
    if field.annotations:
        for annotation in field.annotations:
            lines.extend(_annotation_lines(annotation, "    "))
        lines.append(".end field")
    return lines


def _method_lines(method: MethodDef) -> list[str]:
    lines = [f".method {method.access} {method.name}{method.signature}"]
    if method.code is not None:
        lines.append(f"    .locals {method.locals}")
    for annotation in method.annotations:
        lines.extend(_annotation_lines(annotation, "    "))
    lines.extend(f"    {instruction}" for instruction in method.code or ())
    lines.append(".end method")
    return lines


def _annotation_lines(annotation: Annotation, indent: str) -> list[str]:
    lines = [f"{indent}.annotation {annotation.visibility} {annotation.descriptor}"]
    lines.extend(_element_lines(annotation, indent + "    "))
    lines.append(f"{indent}.end annotation")
    return lines


def _element_lines(annotation: Annotation, indent: str) -> list[str]:
    lines = []
    for name, value in annotation.elements:
        rendered = _value_lines(value, indent)
        lines.append(f"{indent}{name} = {rendered[0]}")
        lines.extend(rendered[1:])
    return lines


def _value_lines(value: AnnotationValue, indent: str) -> list[str]:
    """The value's smali text: the first line continues `name = `, later lines are already indented."""
    match value:
        case bool():
            return ["true" if value else "false"]
        case str():
            return [smali_string(value)]
        case IntValue(number):
            return [hex_literal(number)]
        case LongValue(number):
            return [hex_literal(number) + "L"]
        case TypeValue(descriptor):
            return [descriptor]
        case EnumValue(enum_descriptor, constant):
            return [f".enum {enum_descriptor}->{constant}:{enum_descriptor}"]
        case Annotation():
            return [
                f".subannotation {value.descriptor}",
                *_element_lines(value, indent + "    "),
                f"{indent}.end subannotation",
            ]
        case tuple():
            lines = ["{"]
            for index, item in enumerate(value):
                rendered = _value_lines(item, indent + "    ")
                separator = "," if index < len(value) - 1 else ""
                lines.append(f"{indent}    {rendered[0]}")
                lines.extend(rendered[1:])
                lines[-1] += separator
            lines.append(f"{indent}}}")
            return lines
    raise TypeError(f"not an annotation value: {value!r}")
