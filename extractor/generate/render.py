"""Render step of `generate python`: the Python model → the files of the package, through the Python
templates and their filters, which escape every string from the APK as they place it."""

from __future__ import annotations

from importlib import resources

from .. import __version__
from ..schema.render import ENVIRONMENT
from .pymodel import PyModule, PyPackage

RUNTIME_PACKAGE = "extractor.wire.runtime"
RUNTIME_FOLDER = "_runtime"


def escape_line(text: str) -> str:
    """One docstring or comment line: printable ASCII stays, everything else becomes a Python escape."""
    out = []
    for character in text:
        if character in '\\"':
            out.append("\\" + character)
        elif " " <= character <= "~":
            out.append(character)
        elif ord(character) <= 0xFF:
            out.append(f"\\x{ord(character):02x}")
        elif ord(character) <= 0xFFFF:
            out.append(f"\\u{ord(character):04x}")
        else:
            out.append(f"\\U{ord(character):08x}")
    return "".join(out)


def _docstring(lines: tuple[str, ...], indent: str) -> str:
    """A docstring of these lines, escaped."""
    escaped = [escape_line(line) for line in lines]
    if len(escaped) == 1:
        return f'"""{escaped[0]}"""'
    body = "\n".join(f"{indent}{line}" if line else "" for line in escaped[1:])
    return f'"""{escaped[0]}\n{body}\n{indent}"""'


ENVIRONMENT.filters["docstring"] = _docstring
ENVIRONMENT.filters["docline"] = escape_line
ENVIRONMENT.filters["pyrepr"] = repr


def render_package(package: PyPackage) -> dict[str, str]:
    """Relative path (under the package folder) → text, for every file of the package."""
    files = {
        "__init__.py": ENVIRONMENT.get_template("python_package.py.j2").render(
            tool_version=__version__,
            source=package.source,
            modules=package.modules,
            # Without any MP_DispatcherBody module the types still serve, but messages cannot be framed.
            body_annotation=" | ".join(
                f"{module.version}.{module.body_class}" for module in package.modules if module.body_class
            )
            or "object",
        ),
        "py.typed": "",
    }
    for module in package.modules:
        files[f"{module.version}.py"] = _render_module(module, package)
    for relative, text in package.schema_files.items():
        files[f"schemas/{relative}"] = text
    files.update(runtime_files())
    return files


def _render_module(module: PyModule, package: PyPackage) -> str:
    kinds = {cls.kind for cls in module.classes}
    return ENVIRONMENT.get_template("python_module.py.j2").render(
        tool_version=__version__,
        source=package.source,
        module=module,
        has_sequences=bool(kinds & {"sequence", "choice"}),
        has_enums="enum" in kinds,
        has_aliases="alias" in kinds,
    )


def runtime_files() -> dict[str, str]:
    """The wire runtime, verbatim: the same framing and codec the CLI's decode and encode run."""
    root = resources.files(RUNTIME_PACKAGE)
    return {
        f"{RUNTIME_FOLDER}/{entry.name}": entry.read_text(encoding="utf-8")
        for entry in sorted(root.iterdir(), key=lambda item: item.name)
        if entry.is_file() and entry.name.endswith((".py", ".json"))
    }
