"""A second decoder as witness: pycrate decodes every captured payload from the generated modules to
the values asn1tools decodes, and re-encodes it byte for byte."""

from __future__ import annotations

import json
import shutil

import pytest

from extractor.wire.batch import round_trip
from extractor.wire.runtime.codec import decode_message
from extractor.wire.schemas import Schemas
from extractor.wire.witness import PycrateWitness

# Slow (left out of `make test-fast`): compiles the corpus schemas with pycrate.
pytestmark = pytest.mark.slow


def test_pycrate_agrees_with_asn1tools_on_every_corpus_payload(corpus, extracted_schemas):
    schemas = Schemas(extracted_schemas)
    witness = PycrateWitness(schemas)
    problems, with_application_data = [], 0
    manifest = json.loads((corpus / "payloads" / "manifest.json").read_text())["payloads"]
    for entry in manifest:
        text = (corpus / "payloads" / entry["file"]).read_text().strip()
        message = decode_message(text, schemas)
        with_application_data += message.application_data_type is not None
        problems += [f"{entry['file']}: {problem}" for problem in witness.disagreements(text, message)]
    assert problems == []
    with_data_in_truth = [entry for entry in manifest if _decoded(corpus, entry)["applicationData"] is not None]
    assert len(manifest) == 45 and with_application_data == len(with_data_in_truth) > 0


def _decoded(corpus, entry):
    return json.loads((corpus / "payloads" / entry["decoded"]).read_text())


def test_a_disagreement_names_the_payload_and_the_field(corpus, extracted_schemas, tmp_path):
    shifted = tmp_path / "shifted"
    shutil.copytree(extracted_schemas, shifted)
    body_module = shifted / "v2_1" / "MP_DispatcherBody.asn1"
    text = body_module.read_text()
    assert "messageID INTEGER(0..255)," in text
    # Same width, values one higher: the bytes still decode, to other values.
    body_module.write_text(text.replace("messageID INTEGER(0..255),", "messageID INTEGER(1..256),"))
    name = "v2_1/511_25857_response.hex"
    payload = (corpus / "payloads" / name).read_text().strip()
    message = decode_message(payload, Schemas(extracted_schemas))
    result = round_trip(name, payload, Schemas(extracted_schemas), witness=PycrateWitness(Schemas(shifted)))
    expected_id = message.body["messageID"]
    assert not result.ok and result.payload == name
    assert result.detail == f"pycrate disagrees: body.messageID: asn1tools {expected_id}, pycrate {expected_id + 1}"
