"""The other ASN.1 toolchains people reach for, as strict judges of the generated modules.

pycrate (strict X.680) compiles all modules of a version in one compile; asn1c (Debian's package,
installed by `make tools`) compiles each module on its own, with PER support and warnings as errors.
Each distinct module set is compiled once per session.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

ASN1C_FLAGS = ("-Werror", "-gen-PER", "-fcompound-names")
# Defects of asn1c 0.9.28 on valid X.680 that asn1tools and pycrate accept (the README lists them):
# (what asn1c says, the construct, the same meaning in a form asn1c takes, or a flattening). A module
# that hits one is judged again in that form, so the rest of it is still checked.
ASN1C_DEFECTS = (
    # A SEQUENCE OF written directly as the element of another when it or its element is constrained:
    # the parser aborts, or applies the element's constraint to the inner SEQUENCE OF. Flattened.
    (
        (
            "asn1p_parse: Assertion `!TQ_FIRST(&((yyval.a_expr)->members))->constraints' failed",
            "is not applicable to SEQUENCE OF",
            "is not applicable to SET OF",
        ),
        re.compile(r"\bOF (?:SEQUENCE|SET)(?: \(?SIZE\([^()]*\)\)?)? OF\b"),
        "OF",
    ),
    # A SIZE on a reference to a SEQUENCE SIZE(..) OF type aborts the constraint solver (vlm/asn1c#141);
    # the parenthesised SIZE means the same and is what upstream suggests.
    (
        ("asn1constraint_compute_PER_range: Assertion `ct->el_count == 1' failed",),
        re.compile(r"\b(SEQUENCE|SET) SIZE(\([^()]*\)) OF\b"),
        r"\1 (SIZE\2) OF",
    ),
)


def rejections(files: dict[str, str]) -> list[str]:
    """What pycrate or asn1c reject in an extraction's files (`<version>/<file>.asn1` → text)."""
    modules = {name: text for name, text in sorted(files.items()) if name.endswith(".asn1")}
    versions: dict[str, list[str]] = {}
    for name, text in modules.items():
        versions.setdefault(name.split("/", 1)[0], []).append(text)
    problems = [
        f"{version}: pycrate: {problem}"
        for version, texts in versions.items()
        if (problem := pycrate_rejection(tuple(texts)))
    ]
    problems += [f"{name}: asn1c: {problem}" for name, text in modules.items() if (problem := asn1c_rejection(text))]
    return problems


def folder_files(folder: Path) -> dict[str, str]:
    # <version>/<module>.asn1 only: a generated client under python/ carries copies as package data.
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.glob("*/*.asn1"))
    }


@cache
def pycrate_rejection(texts: tuple[str, ...]) -> str | None:
    """pycrate's error for the modules compiled together, None when it accepts them."""
    from pycrate_asn1c.asnproc import GLOBAL, compile_text

    GLOBAL.clear()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            compile_text(list(texts))
    except Exception as error:  # noqa: BLE001 -- pycrate raises its own errors and plain Python ones alike
        return " ".join(str(error).split()) or type(error).__name__
    finally:
        GLOBAL.clear()
    return None


@cache
def asn1c_rejection(text: str) -> str | None:
    """asn1c's complaint about one module compiled on its own, None when it exits 0."""
    asn1c = shutil.which("asn1c")
    if asn1c is None:
        pytest.fail("asn1c is missing: run `make tools` (Debian package asn1c)")
    with tempfile.TemporaryDirectory() as scratch:
        module = Path(scratch) / "module.asn1"
        module.write_text(text, encoding="utf-8")
        run = subprocess.run(
            [asn1c, *ASN1C_FLAGS, module.name], check=False, cwd=scratch, capture_output=True, text=True
        )
    if run.returncode == 0:
        return None
    for messages, construct, same_for_asn1c in ASN1C_DEFECTS:
        if any(message in run.stderr for message in messages) and construct.search(text):
            return asn1c_rejection(construct.sub(same_for_asn1c, text))
    return _last_lines(run.stderr.splitlines() or [f"exit status {run.returncode}"])


def _last_lines(lines: Iterable[str]) -> str:
    return " / ".join(line.strip() for line in list(lines)[-3:])
