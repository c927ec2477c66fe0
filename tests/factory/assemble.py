"""Writes one smali tree per dex file and runs `smali assemble` on them, two processes at a time."""

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .dex_model import ClassDef
from .smali_writer import render_class, smali_path
from .spec import FactoryError

DEX_REFERENCE_LIMIT = 65536
_MAX_PARALLEL_SMALI = 2
_QUICK_JVM_ARGUMENTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
_FIELD_REFERENCE = re.compile(r"(L[^;\s]+;|\[+\S+?)->([^\s(:]+):(\S+)")
_METHOD_REFERENCE = re.compile(r"(L[^;\s]+;|\[+\S+?)->([^\s(:]+)(\([^)]*\)\S+)")


def dex_name(index: int) -> str:
    return "classes.dex" if index == 0 else f"classes{index + 1}.dex"


def assemble_dex_files(dex_contents: Sequence[Sequence[ClassDef]], work_dir: Path, out_dir: Path) -> list[Path]:
    smali = shutil.which("smali")
    if smali is None:
        raise FactoryError("the `smali` tool is not installed (Debian package `smali`)")
    jobs = []
    for index, classes in enumerate(dex_contents):
        sources = [render_class(cls) for cls in classes]
        _check_reference_counts(dex_name(index), classes, sources)
        tree = work_dir / f"smali{index + 1}"
        for cls, source in zip(classes, sources):
            path = tree / smali_path(cls.descriptor)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, encoding="utf-8")
        tree.mkdir(parents=True, exist_ok=True)
        jobs.append((tree, out_dir / dex_name(index)))
    with ThreadPoolExecutor(max_workers=_MAX_PARALLEL_SMALI) as pool:
        return list(pool.map(lambda job: _run_smali(smali, *job), jobs))


def _run_smali(smali: str, tree: Path, output: Path) -> Path:
    # A short-lived JVM: C1-only JIT and the serial collector start faster (about 30% on small trees).
    environment = {**os.environ, "JAVA_ARGS": os.environ.get("JAVA_ARGS", _QUICK_JVM_ARGUMENTS)}
    # One smali thread: with several, the order of data items in the dex (and so its bytes) varies run to run.
    result = subprocess.run(
        [smali, "assemble", "--jobs", "1", "-o", str(output), str(tree)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    # Debian's smali 2.5 reports syntax errors on stderr but still exits with status 0.
    if result.returncode != 0 or result.stderr.strip() or not output.is_file():
        raise FactoryError(f"smali failed on {tree} (exit {result.returncode}):\n{result.stderr.strip()}")
    return output


def _check_reference_counts(name: str, classes: Sequence[ClassDef], sources: Sequence[str]) -> None:
    methods = {(cls.descriptor, method.name, method.signature) for cls in classes for method in cls.methods}
    fields = {(cls.descriptor, field.name, field.descriptor) for cls in classes for field in cls.fields}
    for source in sources:
        methods.update(_METHOD_REFERENCE.findall(source))
        fields.update(_FIELD_REFERENCE.findall(source))
    if max(len(methods), len(fields)) > DEX_REFERENCE_LIMIT:
        raise FactoryError(
            f"{name} would hold {len(methods)} method and {len(fields)} field references "
            f"(limit {DEX_REFERENCE_LIMIT}): raise dex_count"
        )
