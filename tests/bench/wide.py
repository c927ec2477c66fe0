"""One very wide type: a SEQUENCE of N components, for how extract, docs, generate and the client import scale.

The components cycle through a few kinds (constrained INTEGERs, BOOLEANs, sized strings, OCTET STRINGs, a
named ENUMERATED), so every step sees the same mix at every width. None is OPTIONAL: a message class has a
getter and a setter per component, and a presence test per OPTIONAL one, and one dex file holds at most
65,536 methods, so 30,000 components fit only without presence tests.
"""

from __future__ import annotations

import compileall
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from tests.bench.measure import Measurement, measure
from tests.factory import ModuleSource, build_apk

WIDE_TYPE = "WideMessage"
_KINDS = ("INTEGER(0..255)", "BOOLEAN", "IA5String(SIZE(1..32))", "OCTET STRING(SIZE(1..16))", "Switch")


def wide_module(components: int, version: str = "v2_1") -> ModuleSource:
    """A module with the dispatcher types and one SEQUENCE of `components` components."""
    fields = ", ".join(f"field{position} {_KINDS[position % len(_KINDS)]}" for position in range(components))
    text = (
        "WideModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n"
        "MPDispatcherHeader ::= SEQUENCE { protocolVersion INTEGER(0..255), securityContext INTEGER(0..255),"
        " dispatcherMessageLength INTEGER(0..255), dispatcherBodyEncoding INTEGER(0..255) }\n"
        "MPDispatcherBody ::= SEQUENCE { applicationID IA5String(SIZE(1..3)), messageID INTEGER(0..255),"
        " eventCreationTime INTEGER(0..2147483647), uid IA5String(SIZE(1..64)) OPTIONAL }\n"
        "Switch ::= ENUMERATED { off(0), on(1) }\n"
        f"{WIDE_TYPE} ::= SEQUENCE {{ {fields} }}\n"
        "END\n"
    )
    return ModuleSource(version, text)


WIDTHS = (1_000, 10_000, 30_000)
SMALL_WIDTHS = (20, 200)
PACKAGE = "wide_client"


@dataclass(frozen=True)
class WideRun:
    components: int
    step: str
    measurement: Measurement


def wide_runs(widths: tuple[int, ...], work: Path, saic_asn1: list[str]) -> list[WideRun]:
    """extract (cold compile cache), docs, generate python, the first import of the client and a second one (its
    bytecode cached), per width."""
    runs = []
    for components in widths:
        apk = build_apk([wide_module(components)])
        folder = work / f"wide-{components}"
        out, client = folder / "out", folder / "python"
        steps = {
            "extract": ([*saic_asn1, "extract", str(apk), "--out", str(out), "--quiet"], None),
            "docs": ([*saic_asn1, "docs", "--schemas", str(out), "--out", str(folder / "site")], None),
            "generate python": (
                [*saic_asn1, "generate", "python", "--schemas", str(out), "--out", str(client), "--package", PACKAGE],
                None,
            ),
            # -B: no bytecode is written, so this is the import that compiles the modules, once per install.
            "first import": ([sys.executable, "-B", "-c", f"import {PACKAGE}"], {"PYTHONPATH": str(client)}),
            "cached import": ([sys.executable, "-c", f"import {PACKAGE}"], {"PYTHONPATH": str(client)}),
        }
        for step, (command, extra_env) in steps.items():
            if step == "cached import":
                # Bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE may keep imports from writing it).
                compileall.compile_dir(client, quiet=1)
            env = {**os.environ, "SAIC_ASN1_CACHE": str(folder / "compile-cache"), **(extra_env or {})}
            measured = measure(command, env)
            if measured.exit_code != 0:
                raise click.ClickException(f"{step} of {components} components failed: {measured.stderr.strip()}")
            runs.append(WideRun(components, step, measured))
    return runs


def wide_table(runs: list[WideRun]) -> str:
    """Per step, wall time and peak memory at each width, and how the time grew against the width."""
    widths = sorted({run.components for run in runs})
    by_step: dict[str, dict[int, Measurement]] = {}
    for run in runs:
        by_step.setdefault(run.step, {})[run.components] = run.measurement
    cells = [f"{width:>8,} components" for width in widths]
    growth = f"time ×{widths[-1] // widths[0]} width"
    lines = [f"{'step':<18}  " + "  ".join(f"{cell:>21}" for cell in cells) + f"  {growth:>16}"]
    for step, measured in by_step.items():
        row = [f"{measured[width].wall_seconds:>7.2f} s {measured[width].peak_pss_mb:>7.0f} MB" for width in widths]
        ratio = measured[widths[-1]].wall_seconds / measured[widths[0]].wall_seconds
        lines.append(f"{step:<18}  " + "  ".join(f"{cell:>21}" for cell in row) + f"  {ratio:>15.1f}×")
    lines.append(
        f"(wall time and peak PSS of one run each; linear cost makes the last column about {widths[-1] // widths[0]},"
        " less where start-up dominates the small width)"
    )
    return "\n".join(lines)
