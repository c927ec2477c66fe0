"""The layout the README describes: subpackages in data-flow order, each heavy library in its one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "extractor"
README = PACKAGE.parent / "README.md"
# The data flow: a subpackage may import only those before it (and the top-level modules).
ORDER = ["read", "schema", "wire", "generate", "diff", "release", "docs", "mitm"]
# Where each library may be imported (module paths relative to extractor/, without .py).
ALLOWED = {
    "androguard": {"read/dex", "read/manifest", "read/quiet_androguard"},
    "jinja2": {"schema/render", "docs/site"},
    "asn1tools": {
        "schema/validate",
        "schema/parse",
        "wire/runtime/schema_set",
        "wire/runtime/list_bounds",
        "wire/runtime/strings",
        "wire/runtime/sieve",
    },
}
TOP_LEVEL_LIMIT = 8
SANITISER = "wire/runtime/readable"


def modules() -> dict[str, ast.Module]:
    return {
        path.relative_to(PACKAGE).with_suffix("").as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def imported(name: str, tree: ast.Module) -> set[str]:
    """Every import target of a module, as a path below extractor/ or a top-level library name."""
    package = name.split("/")[:-1]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            root, *rest = node.module.split(".")
            targets.add("/".join(rest) if root == "extractor" else root)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1]
            target = base + (node.module.split(".") if node.module else [])
            targets.add("/".join(target) or "__init__")
    return targets


def test_heavy_libraries_are_imported_only_where_the_readme_says():
    found: dict[str, set[str]] = {library: set() for library in ALLOWED}
    for name, tree in modules().items():
        for target in imported(name, tree):
            if target in found:
                found[target].add(name)
    assert found == ALLOWED


def test_subpackages_import_only_earlier_steps():
    late = []
    for name, tree in modules().items():
        own = name.split("/")[0]
        if own not in ORDER:
            continue
        for target in imported(name, tree):
            step = target.split("/")[0]
            # The one sanitiser of text for a person lives in the wire runtime (generated clients carry it).
            if step in ORDER and ORDER.index(step) > ORDER.index(own) and target != SANITISER:
                late.append(f"{name} imports {target}")
    assert late == []


def test_top_level_modules_import_no_step_but_the_wire_runtime_exception():
    tops = {
        name: tree
        for name, tree in modules().items()
        if "/" not in name and name not in ("cli", "__init__", "__main__")
    }
    reaching = {
        f"{name} imports {target}"
        for name, tree in tops.items()
        for target in imported(name, tree)
        if target.split("/")[0] in ORDER and target != "wire/runtime/errors"
    }
    assert reaching == set() and len([path for path in PACKAGE.glob("*.py")]) <= TOP_LEVEL_LIMIT


def test_the_readme_layout_section_names_every_subpackage_and_module():
    section = README.read_text(encoding="utf-8").split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    subpackages = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file())
    assert sorted(ORDER) == sorted(subpackage for subpackage in subpackages)
    for subpackage in subpackages:
        assert f"`{subpackage}/`" in section, subpackage
        for module in (PACKAGE / subpackage).rglob("*.py"):
            if module.stem != "__init__":
                assert re.search(rf"`{module.stem}`", section), (
                    f"{subpackage}/{module.stem} is not in the layout section"
                )
