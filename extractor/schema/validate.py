"""Validation step: every module must compile with asn1tools (UPER) on its own.

The extraction's compile check; the wire runtime compiles the modules it decodes with itself
(wire/runtime/schema_set); schema/parse and diff/snapshot use asn1tools' parser to read them back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..parallel import map_on_cores
from .compile_cache import has_compiled, remember_compiled

if TYPE_CHECKING:
    import asn1tools


def compile_module(text: str, label: str) -> asn1tools.compiler.Specification:
    """Compile one module; `label` (e.g. `v1_1/ApplicationData.asn1`) names it in the error."""
    # Imported here: a re-extraction whose modules are all in the compile cache never needs it (0.4 s).
    import asn1tools

    try:
        return asn1tools.compile_string(text, "uper")
    except Exception as error:  # noqa: BLE001 -- asn1tools raises parser, compiler and plain Python errors alike
        detail = " ".join(str(error).split()) or type(error).__name__
        raise ValidationError(f"{label}: does not compile with asn1tools (uper): {detail}") from None


def validate_modules(modules: dict[str, str], on_progress: Callable[[int, int], None] | None = None) -> None:
    """Compile every module (label → text) not known to compile, on every core; raise for the first failure.

    `on_progress(modules compiled, modules to compile)` follows the compilations.
    """
    unknown = [(label, text) for label, text in modules.items() if not has_compiled(text)]
    for done, text in enumerate(map_on_cores(_compile, unknown), start=1):
        remember_compiled(text)
        if on_progress is not None:
            on_progress(done, len(unknown))


def _compile(module: tuple[str, str]) -> str:
    """compile_module for a worker process: the text comes back, the compiled specification stays there."""
    label, text = module
    compile_module(text, label)
    return text
