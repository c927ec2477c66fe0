"""The wheel carries the templates, the message catalog and the mitmproxy addon: they work outside the checkout."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # builds a wheel and installs it into a fresh virtualenv
def test_installed_wheel_renders_with_its_own_templates(tmp_path):
    wheels, target, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    # Built from a copy: setuptools leaves build/ and *.egg-info in the tree it builds.
    shutil.copytree(REPOSITORY, source, ignore=shutil.ignore_patterns(".venv", ".cache", ".git", "*.egg-info", "build"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True, capture_output=True)
    (wheel,) = wheels.glob("saic_asn1_extractor-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, capture_output=True)
    script = (
        "import extractor, extractor.schema.render as r, extractor.wire.runtime.catalog as c;"
        "from extractor.model import *;"
        "m = Module('M', 'M.asn1', (TypeAssignment('A', 'p.A', 'SEQUENCE', SequenceType(())),));"
        "print(extractor.__file__); print('A ::= SEQUENCE' in r.render_module(m, 'v1_1', AppMetadata('x', '0')));"
        "print(len(c.built_in_catalog().entries) > 0);"
        "import extractor.mitm as mitm; print(mitm.ADDON_SCRIPT.is_file() and str(mitm.ADDON_SCRIPT).startswith(extractor.__path__[0]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    location, rendered, catalog, addon = result.stdout.split()
    assert location.startswith(str(target)) and rendered == "True" and catalog == "True" and addon == "True"
    # The docs site's templates, stylesheet and script come from the wheel too.
    docs_site = tmp_path / "docs-site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor",
            "docs",
            "--schemas",
            str(REPOSITORY / "generated_schemas" / "sample"),
            "--out",
            str(docs_site),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert (docs_site / "site.css").read_text() == (REPOSITORY / "templates" / "site.css").read_text()
    assert (docs_site / "search.js").is_file() and (docs_site / "v2_1" / "index.html").is_file()
