"""`saic_save`: payloads appended in the corpus's form, never overwritten, under safe names."""

from __future__ import annotations

import errno
import json
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy.exceptions import OptionsError

from extractor.cli import main
from extractor.errors import OutputError
from extractor.mitm.capture import CaptureFolder, capture_source
from extractor.wire.runtime.codec import decode_message, encode_message
from tests.flows import flow

SAFE_NAME = re.compile(r"v\d+_\d+/[A-Za-z0-9_-]+\.hex")


def vehicle_status(corpus):
    read = lambda name: (corpus / "payloads/v2_1" / name).read_text().strip()
    return flow("/TAP.Web/ota.mpv21", read("511_25857_request.hex"), read("511_25857_response.hex"))


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_saved_captures_validate_and_a_second_save_appends(corpus, live, tmp_path, extracted_schemas):
    folder = tmp_path / "captures"
    live.context.configure(live.addon, saic_save=str(folder))
    live.addon.response(vehicle_status(corpus))
    first = files_of(folder)
    assert sorted(first) == [
        "manifest.json",
        "v2_1/511_25857_request.decoded.json",
        "v2_1/511_25857_request.hex",
        "v2_1/511_25857_response.decoded.json",
        "v2_1/511_25857_response.hex",
    ]
    corpus_entries = {
        entry["file"]: entry for entry in json.loads((corpus / "payloads/manifest.json").read_text())["payloads"]
    }
    saved = json.loads(first["manifest.json"])["payloads"]
    for key in (
        "file",
        "version",
        "schema_version",
        "direction",
        "applicationID",
        "messageID",
        "applicationDataType",
        "sha256",
    ):
        assert [entry[key] for entry in saved] == [corpus_entries[entry["file"]][key] for entry in saved], key
    assert first["v2_1/511_25857_response.hex"] == (corpus / "payloads/v2_1/511_25857_response.hex").read_bytes()
    expected = json.loads((corpus / "payloads/v2_1/511_25857_response.decoded.json").read_text())
    decoded = json.loads(first["v2_1/511_25857_response.decoded.json"])
    assert {key: decoded[key] for key in expected} == expected

    live.addon.response(vehicle_status(corpus))
    second = files_of(folder)
    assert {name: second[name] for name in first if name != "manifest.json"} == {
        name: first[name] for name in first if name != "manifest.json"
    }
    manifest = json.loads(second["manifest.json"])
    assert manifest["count"] == 4 and manifest["payloads"][:2] == saved
    assert [entry["file"] for entry in manifest["payloads"][2:]] == [
        "v2_1/511_25857_request_2.hex",
        "v2_1/511_25857_response_2.hex",
    ]
    result = CliRunner().invoke(main, ["validate", str(folder / "manifest.json"), "--schemas", str(extracted_schemas)])
    assert result.exit_code == 0 and result.output.strip().endswith("4 passed, 0 failed"), result.output


def test_a_manifest_that_is_not_ours_is_left_alone_and_the_folder_refused(corpus, live, tmp_path):
    folder = tmp_path / "captures"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"something": "else"}')
    with pytest.raises(OptionsError) as refused:
        live.context.configure(live.addon, saic_save=str(folder))
    assert str(refused.value) == (
        f'saic_save: {folder / "manifest.json"} is not a payload manifest (no "payloads" list); it is left as it is'
    )
    live.addon.response(vehicle_status(corpus))
    assert files_of(folder) == {"manifest.json": b'{"something": "else"}'}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(application_id=st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), min_size=3, max_size=3))
def test_names_from_the_wire_become_safe_file_names(corpus, live, application_id):
    """applicationID is an IA5String(SIZE(3)) the peer chooses: `../`, `/x.` and control characters included."""
    schemas = live.addon.current.schemas
    document = json.loads((corpus / "payloads/v2_1/511_25857_request.decoded.json").read_text())
    document["body"]["applicationID"] = application_id
    text = encode_message(document, schemas)
    message = decode_message(text, schemas)
    assert message.body["applicationID"] == application_id
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "captures"
        source = capture_source("http://x/ota.mpv21", "flow-id", None)
        names = [CaptureFolder(folder).save(text, message, "request", source, schemas) for _ in range(2)]
        assert all(SAFE_NAME.fullmatch(name) for name in names), names
        assert names[0] != names[1]
        assert sorted(str(path.relative_to(folder)) for path in folder.rglob("*.hex")) == sorted(names)
        assert json.loads((folder / "manifest.json").read_text())["payloads"][1]["applicationID"] == application_id


def test_a_payload_that_cannot_be_written_whole_leaves_no_file_behind(corpus, live, tmp_path, monkeypatch):
    folder = tmp_path / "captures"
    real_write = Path.write_text

    def disk_full(path, text, *rest, **named):
        real_write(path, text[: len(text) // 2], *rest, **named)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", disk_full)
    text = (corpus / "payloads/v2_1/511_25857_request.hex").read_text().strip()
    schemas = live.addon.current.schemas
    with pytest.raises(OutputError, match="No space left on device"):
        CaptureFolder(folder).save(text, decode_message(text, schemas), "request", {}, schemas)
    assert files_of(folder) == {}
