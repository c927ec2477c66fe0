"""`saic-asn1 mitmproxy-addon` and a real `mitmdump -nr capture.flow -s <addon>` over every corpus payload."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from tests.flows import corpus_capture, write_capture

MITMDUMP = Path(sys.executable).with_name("mitmdump")
TYPE_NAMED = re.compile(r" ([A-Za-z][\w-]*) \((?:catalog|inferred|given)")


@pytest.mark.slow  # runs mitmdump
def test_mitmdump_names_every_type_reports_the_corrupt_body_and_saves_what_decoded(corpus, extracted_schemas, tmp_path):
    addon = CliRunner().invoke(main, ["mitmproxy-addon"])
    assert addon.exit_code == 0 and Path(addon.output.strip()).is_file()
    flows, corrupt = corpus_capture(corpus)
    capture, saved = tmp_path / "capture.flow", tmp_path / "saved"
    write_capture(capture, flows)

    result = subprocess.run(
        [
            str(MITMDUMP),
            "-nr",
            str(capture),
            "-s",
            addon.output.strip(),
            "--set",
            f"saic_schemas={extracted_schemas}",
            "--set",
            f"saic_save={saved}",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    manifest = json.loads((corpus / "payloads/manifest.json").read_text())["payloads"]
    exchange_lines = [line for line in result.stdout.splitlines() if line.startswith("ota.mp")]
    assert len(exchange_lines) == len(flows)
    named = {name for line in exchange_lines for name in TYPE_NAMED.findall(line)}
    assert named == {entry["applicationDataType"] for entry in manifest if entry["applicationDataType"]}
    problems = [line for line in result.stdout.splitlines() if "not decoded:" in line]
    assert len(problems) == 1 and f"(flow {corrupt.id}): request not decoded: length prefix says" in problems[0]

    saved_entries = json.loads((saved / "manifest.json").read_text())["payloads"]
    assert {entry["sha256"] for entry in saved_entries} == {entry["sha256"] for entry in manifest}
    assert all(entry["roundtrip"] for entry in saved_entries)
    validated = CliRunner().invoke(
        main, ["validate", str(saved / "manifest.json"), "--schemas", str(extracted_schemas)]
    )
    assert validated.exit_code == 0, validated.output
