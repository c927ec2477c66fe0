"""`make mutation`: mutmut over the modules whose bugs users meet first, then the score and the survivors.

mutmut runs each mutant against the tests its stats run saw reach the mutated function. A test that
gets its object from a module-scoped fixture is seen only for the first test that built it, so each
survivor is run once more against its module's focused tests (FOCUSED, seconds each) before it counts.
Usage: python -m tests.mutation [mutant name globs, e.g. 'extractor.diff.uper*'] (default: every target).
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
MUTANTS = REPOSITORY / "mutants"
RECHECKED = MUTANTS / "rechecked.json"
STATS = MUTANTS / "mutmut-stats.json"
# Survivors reviewed as equivalent (no input can tell them apart) or unreachable: mutant name → one-line reason.
EQUIVALENT = REPOSITORY / "tests" / "mutation_equivalent.toml"
# Module (prefix of the mutant name) → the tests that state its behaviour; each runs in seconds.
FOCUSED = {
    "extractor.wire.runtime.": ["tests/unit/wire"],
    "extractor.diff.uper.": ["tests/unit/diff/test_uper.py"],
    "extractor.diff.changes.": [
        f"tests/unit/diff/test_{name}.py"
        for name in (
            "change_reports",
            "choice_alternatives",
            "component_renames",
            "diff_verdicts",
            "enumeration_items",
            "model_texts",
            "octet_counted_strings",
            "report_api_line",
            "type_renames",
            "wire_forms",
            "version_diffs",
            "wording",
        )
    ],
    "extractor.release.index.": ["tests/unit/release/test_index.py", "tests/unit/release/test_place.py"],
    "extractor.release.place.": ["tests/unit/release/test_place.py", "tests/unit/release/test_changelog.py"],
    "extractor.schema.names.": ["tests/unit/schema/test_names.py"],
    "extractor.generate.pymodel.": ["tests/unit/generate"],
    # The rendering environment (autoescape, finalize) is stated by the CLI's escaping tests of whole sites.
    "extractor.docs.site.": [
        "tests/unit/docs",
        *(
            f"tests/cli/test_docs.py::test_{name}"
            for name in (
                "html_escapes_every_string_from_the_app",
                "markdown_escapes_every_string_from_the_app",
                "module_text_from_the_app_is_escaped_on_the_html_site",
                "module_text_and_version_name_keep_their_markdown_table_cells",
                "bidi_and_invisible_characters_from_the_app_are_shown_escaped",
            )
        ),
    ],
}
# mutmut's exit codes for a mutant no test reached.
UNTESTED_EXIT_CODES = (5, 33)
KILLED, SURVIVED, NO_TESTS, EQUIVALENT_STATUS = "killed", "survived", "no tests", "equivalent"


def mutmut(*arguments: str, quiet: bool = False) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "mutmut", *arguments],
        cwd=REPOSITORY,
        capture_output=quiet,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        sys.exit(f"mutation: mutmut {' '.join(arguments)} failed (exit {run.returncode})")
    return run.stdout if quiet else ""


def statuses(patterns: list[str]) -> dict[str, str]:
    found = {}
    for line in mutmut("results", "--all", "true", quiet=True).splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name and (not patterns or any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)):
            found[name] = status
    return found


def focused(name: str) -> list[str]:
    return next(tests for prefix, tests in FOCUSED.items() if name.startswith(prefix))


def recheck(name: str) -> str:
    """Killed when the module's focused tests fail with the mutant active."""
    environment = {**os.environ, "MUTANT_UNDER_TEST": name}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *focused(name)]
    try:
        run = subprocess.run(command, cwd=MUTANTS, env=environment, capture_output=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        return KILLED
    return KILLED if run.returncode != 0 else SURVIVED


def forget_empty_stats() -> None:
    """A stats file that maps no function to a test makes every mutant "no tests" (mutmut's own
    `print-time-estimates` saves one so); without it, the run collects the stats again."""
    if STATS.is_file() and not json.loads(STATS.read_text()).get("tests_by_mangled_function_name"):
        STATS.unlink()


def retry_untested() -> None:
    """mutmut keeps a "no tests" verdict until the function changes; a test added since may reach it now."""
    for meta in MUTANTS.rglob("*.py.meta"):
        data = json.loads(meta.read_text())
        untested = [name for name, code in data["exit_code_by_key"].items() if code in UNTESTED_EXIT_CODES]
        if untested:
            data["exit_code_by_key"].update(dict.fromkeys(untested))
            meta.write_text(json.dumps(data, indent=4))


def main(patterns: list[str]) -> None:
    forget_empty_stats()
    retry_untested()
    mutmut("run", "--max-children", os.environ.get("MUTATION_JOBS", "2"), *patterns)
    # The focused runs use the tests as they are now, not mutmut's copy from the run before.
    shutil.copytree(REPOSITORY / "tests", MUTANTS / "tests", dirs_exist_ok=True)
    rechecked = json.loads(RECHECKED.read_text()) if RECHECKED.is_file() else {}
    results = statuses(patterns)
    for name, status in results.items():
        if status == SURVIVED:
            if rechecked.get(name) != KILLED:
                rechecked[name] = recheck(name)
                RECHECKED.write_text(json.dumps(rechecked, indent=1))
            results[name] = rechecked[name]
    reasons = tomllib.loads(EQUIVALENT.read_text())
    for name, status in results.items():
        if status == SURVIVED and name in reasons:
            results[name] = EQUIVALENT_STATUS
    report(results, reasons)


def report(results: dict[str, str], reasons: dict[str, str]) -> None:
    modules: dict[str, dict[str, int]] = {}
    for name, status in results.items():
        counts = modules.setdefault(name.split(".x")[0], {})
        counts[status] = counts.get(status, 0) + 1
    columns = (KILLED, EQUIVALENT_STATUS, SURVIVED, NO_TESTS)
    print(f"{'module':40} " + " ".join(f"{column:>10}" for column in columns) + f" {'other':>6}  score")
    for module, counts in sorted(modules.items()):
        other = sum(counts.values()) - sum(counts.get(column, 0) for column in columns)
        print(
            f"{module:40} "
            + " ".join(f"{counts.get(column, 0):10}" for column in columns)
            + f" {other:6}  {score(counts)}"
        )
    totals = {status: sum(found == status for found in results.values()) for status in columns}
    print(f"\nmutation score (killed / killed + survived; equivalent ones left out): {score(totals)}")
    equivalent = [name for name, status in results.items() if status == EQUIVALENT_STATUS]
    print(f"equivalent ({len(equivalent)}):")
    for name in equivalent:
        print(f"  {name}: {reasons[name]}")
    survivors = [name for name, status in results.items() if status == SURVIVED]
    print(f"survived ({len(survivors)}):")
    for name in survivors:
        change = [line for line in mutmut("show", name, quiet=True).splitlines() if line.startswith(("-", "+"))]
        print(f"\n{name}\n" + "\n".join(line for line in change if not line.startswith(("---", "+++"))))


def score(counts: dict[str, int]) -> str:
    killed, survived = counts.get(KILLED, 0), counts.get(SURVIVED, 0)
    return f"{killed}/{killed + survived} = {100 * killed / (killed + survived):.1f}%" if killed + survived else "-"


if __name__ == "__main__":
    main(sys.argv[1:])
