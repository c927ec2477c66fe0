"""`python -m tests.hostile.mutate_app [--runs 300] [--seed 0]` (`make fuzz-app`): the command line on
structure-preserving dex mutations of an app-shaped APK.

The APK is the conformance fixture (the corpus's schemas laid out like the real app, three dex files,
filler classes). Each run changes one to four bytes inside the data items of one dex that holds
message classes (`dex_mutation`), signs the dex again, zips the APK again and runs
`saic-asn1 extract` on it in its own process. A run passes when it ends within 60 s with exit 0, 3, 4
or 5, at most one line on stderr (exactly one when it fails) and no traceback. Prints the tally and
exits 1 when any run did not pass.
"""

from __future__ import annotations

import collections
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click

from extractor.read.dex import TARGET_PREFIXES
from extractor.read.dex_scan import class_descriptors
from tests.conformance.fixture import FIXTURE_OPTIONS, build_fixture
from tests.corpus import corpus_path
from tests.factory import build_apk
from tests.factory.apk import apk_bytes
from tests.hostile.dex_mutation import EDGE_BYTES, mutable_sections, mutate_dex, reaches_dex_parser, replaced_entries

SECONDS_PER_RUN = 60
PASSING_EXIT_CODES = {0, 3, 4, 5}


@dataclass(frozen=True)
class Run:
    number: int
    entry: str
    exit_code: int | None  # None: killed after SECONDS_PER_RUN
    stderr: str
    seconds: float
    reached_parser: bool

    def problem(self) -> str | None:
        lines = self.stderr.splitlines()
        if self.exit_code is None:
            return f"no exit within {SECONDS_PER_RUN} s"
        if self.exit_code not in PASSING_EXIT_CODES:
            return f"exit {self.exit_code}"
        if "Traceback" in self.stderr:
            return "a traceback"
        if len(lines) > 1 or (self.exit_code != 0 and len(lines) != 1):
            return f"{len(lines)} lines on stderr"
        return None


@click.command()
@click.option("--runs", default=300, show_default=True, help="Number of mutated APKs.")
@click.option("--seed", default=0, show_default=True, help="Seed of the mutations (the same seed, the same APKs).")
def main(runs: int, seed: int) -> None:
    apk = build_apk(list(build_fixture(corpus_path()).sources), FIXTURE_OPTIONS).read_bytes()
    entries = replaced_entries(apk, {})
    targets = sorted(
        name for name, data in entries.items() if name.endswith(".dex") and _has_target_classes(name, data)
    )
    sections = {name: mutable_sections(entries[name]) for name in targets}
    click.echo(
        f"{runs} mutated copies of the conformance fixture APK ({len(apk):,} bytes); "
        f"dex files with message classes: {', '.join(targets)}"
    )
    generator = random.Random(seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="saic-mutate-") as scratch:
        for number in range(1, runs + 1):
            entry = generator.choice(targets)
            changes = [
                (
                    generator.randrange(64),
                    generator.randrange(1 << 20),
                    generator.choice([*EDGE_BYTES, generator.randrange(256)]),
                )
                for _ in range(generator.randint(1, 4))
            ]
            mutated = mutate_dex(entries[entry], sections[entry], changes)
            results.append(_run(number, entry, entries | {entry: mutated}, Path(scratch)))
            if results[-1].problem():
                click.echo(
                    f"run {number} ({entry}, changes {changes}): {results[-1].problem()}: {results[-1].stderr.strip()}"
                )
    _print_tally(results)
    sys.exit(1 if any(result.problem() for result in results) else 0)


def _has_target_classes(name: str, data: bytes) -> bool:
    return any(descriptor.startswith(TARGET_PREFIXES) for descriptor in class_descriptors(name, data))


def _run(number: int, entry: str, entries: dict[str, bytes], scratch: Path) -> Run:
    path = scratch / f"mutated-{number}.apk"
    path.write_bytes(apk_bytes(entries))
    command = [
        sys.executable,
        "-m",
        "extractor",
        "extract",
        str(path),
        "--out",
        str(scratch / f"out-{number}"),
        "--quiet",
    ]
    environment = {name: value for name, value in os.environ.items() if name != "SAIC_ASN1_DEBUG"}
    started = time.monotonic()
    try:
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=SECONDS_PER_RUN, env=environment, check=False
        )
        exit_code, stderr = finished.returncode, finished.stderr
    except subprocess.TimeoutExpired as expired:
        exit_code, stderr = None, (expired.stderr or b"").decode(errors="replace")
    reached = reaches_dex_parser(entry, entries[entry])
    path.unlink()
    return Run(number, entry, exit_code, stderr, time.monotonic() - started, reached)


def _print_tally(results: list[Run]) -> None:
    exit_codes = collections.Counter(result.exit_code for result in results)
    failures = [result for result in results if result.problem()]
    click.echo(f"runs: {len(results)}; reached the dex parser: {sum(result.reached_parser for result in results)}")
    click.echo("exit codes: " + ", ".join(f"{code}: {count}" for code, count in sorted(exit_codes.items(), key=str)))
    click.echo(
        f"slowest run: {max(result.seconds for result in results):.1f} s; "
        f"mean: {sum(result.seconds for result in results) / len(results):.1f} s"
    )
    reasons = collections.Counter(_reason(result.stderr) for result in results if result.exit_code)
    click.echo("most frequent errors:")
    for reason, count in reasons.most_common(8):
        click.echo(f"  {count:4}  {reason}")
    click.echo(f"runs that did not pass: {len(failures)}")


def _reason(stderr: str) -> str:
    """The error without the file or class it names and the numbers and names that vary from run to run."""
    lines = stderr.strip().splitlines()
    if not lines:
        return "(nothing on stderr)"
    message = lines[0].removeprefix("saic-asn1: error: ")
    if "corrupt dex (" in message:
        message = "corrupt dex (" + message.split("corrupt dex (", 1)[1].split(":")[0].removesuffix(")") + ")"
    else:
        message = message.split(": ", 1)[-1]
    return re.sub(r"(?<!ASN\.)-?\b(?:0x[0-9a-f]+|\d+)\b|'[^']*'", "…", message)[:90]


if __name__ == "__main__":
    main()
