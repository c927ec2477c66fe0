"""`saic-asn1 generate python` on the schemas extracted from the corpus-shaped APK, checked on real captures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from tests.generated_client import generate_package, imported_package
from tests.golden import difference

PACKAGE = "saic_corpus_client"
RUNTIME = Path(__file__).resolve().parents[2] / "extractor" / "wire" / "runtime"


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def generated(extracted_schemas, tmp_path_factory) -> Path:
    return generate_package(extracted_schemas, tmp_path_factory.mktemp("generated"), PACKAGE)


@pytest.fixture(scope="module")
def client(generated):
    with imported_package(generated, PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def manifest(corpus) -> list[dict]:
    return json.loads((corpus / "payloads" / "manifest.json").read_text())["payloads"]


def captured(corpus: Path, name: str) -> str:
    return (corpus / "payloads" / name).read_text().strip()


@pytest.mark.slow  # every corpus payload through the generated client
def test_every_corpus_payload_decodes_to_typed_objects_and_encodes_back_byte_exactly(
    client, corpus, manifest, extracted_schemas
):
    for entry in manifest:
        text = captured(corpus, entry["file"])
        message = client.decode(text)
        cli = json.loads(invoke("decode", text, "--schemas", str(extracted_schemas)).output)
        version = getattr(client, cli["schemaVersion"])
        assert type(message.body) is version.MPDispatcherBody, entry["file"]
        assert message.body.application_id == cli["body"]["applicationID"]
        if cli["applicationDataType"] is None:
            assert message.application_data is None
        else:
            assert type(message.application_data).ASN1_TYPE == cli["applicationDataType"], entry["file"]
            assert type(message.application_data).__module__.startswith(f"{PACKAGE}.v"), entry["file"]
        assert client.encode(message).upper() == text.upper(), entry["file"]
        assert client.decode(text.lower().encode("ascii")) == message


@pytest.mark.slow  # one CLI decode per corpus payload
def test_to_json_is_what_the_cli_decode_prints_and_from_json_reads_it_back(client, corpus, manifest, extracted_schemas):
    for entry in manifest:
        text = captured(corpus, entry["file"])
        printed = invoke("decode", text, "--schemas", str(extracted_schemas)).output
        message = client.decode(text)
        assert client.to_json(message) + "\n" == printed, entry["file"]
        assert client.encode(client.from_json(printed)) == text.upper(), entry["file"]


def test_requests_built_from_scratch_equal_captured_ones(client, corpus):
    v1_1, v2_1, v3_0 = client.v1_1, client.v2_1, client.v3_0
    login = client.Message(
        header=client.Header(protocol_version=0x11),
        body=v1_1.MPDispatcherBody(
            uid="X" * 50,
            application_id="501",
            event_creation_time=1664500000,
            message_id=1,
            message_counter=v1_1.MessageCounter(uplink_counter=1, downlink_counter=0),
            sim_info="1234567890987654321",
            icc_id="12345678901234567890",
            application_data_encoding=v1_1.DataEncodingType.PER_UNALIGNED,
            application_data_protocol_version=513,
            test_flag=2,
        ),
        application_data=v1_1.MPUserLoggingInReq(
            password="********",
            device_id="X0XXXX0XXXXX0XXXX0XXXX:XXX00XXXX_XXXXXX00XXXXXXXXX_XXX0XXXXXXXX-X00X0XXX00XXX0XXXXXXXX0XXXXXXX0__"
            "XXXXX0XXXXXX0XXX0XX00XXXXXXXXXXXXXXX00X0XXXXXXXXXXX0XXXXXXXXX0XXXX###europecar",
        ),
    )
    assert client.encode(login) == captured(corpus, "v1_1/501_513_request.hex")
    status = client.Message(
        header=client.Header(protocol_version=0x21),
        body=v2_1.MPDispatcherBody(
            uid="X" * 50,
            token="X" * 40,
            application_id="511",
            vin="X" * 17,
            message_id=1,
            event_creation_time=1665000000,
            event_id=9999,
            application_data_encoding=v2_1.DataEncodingType.PER_UNALIGNED,
            application_data_protocol_version=25857,
            test_flag=2,
        ),
        application_data=v2_1.OTARVMVehicleStatusReq(veh_status_req_type=2),
    )
    assert client.encode(status) == captured(corpus, "v2_1/511_25857_request.hex")
    charging = client.Message(
        header=client.Header(protocol_version=0x30),
        body=v3_0.MPDispatcherBody(
            uid="00000000000000000000000000000000000090000000099999",
            token="9X999999-0X9X-909X-9999-99XX99X9X9XX9999",
            application_id="516",
            vin="XXXX99099XX099999",
            message_id=5,
            event_creation_time=1665031496,
            event_id=1426120567,
            application_data_length=0,
            application_data_encoding=v3_0.DataEncodingType.PER_UNALIGNED,
            application_data_protocol_version=768,
            test_flag=2,
        ),
    )
    assert client.encode(charging) == captured(corpus, "v3_0/516_768_request_with_eventid__c04678e.hex")


def test_encode_names_type_and_field_path_of_a_bad_value(client):
    v2_1 = client.v2_1
    body = v2_1.MPDispatcherBody(
        application_id="511", message_id=1, event_creation_time=1, application_data_protocol_version=25857
    )
    message = client.Message(
        header=client.Header(protocol_version=0x21),
        body=body,
        application_data=v2_1.OTARVMVehicleStatusReq(veh_status_req_type=999),
    )
    with pytest.raises(client.WireError, match=r"OTARVMVehicleStatusReq\.vehStatusReqType.*999"):
        client.encode(message)
    message.application_data = v2_1.OTARVMVehicleStatusReq(veh_status_req_type="2")
    with pytest.raises(
        client.WireError, match=r"^OTARVMVehicleStatusReq\.vehStatusReqType: expected INTEGER, got '2'$"
    ):
        client.encode(message)
    message.application_data = None
    message.body.message_id = 256
    with pytest.raises(client.WireError, match=r"MPDispatcherBody\.messageID.*256"):
        client.encode(message)


@pytest.mark.parametrize("payload", ["10", "zz", "0018110101"])
def test_decode_errors_are_the_cli_messages(client, extracted_schemas, payload):
    result = CliRunner().invoke(main, ["decode", payload, "--schemas", str(extracted_schemas)])
    assert result.exit_code == 8
    with pytest.raises(client.WireError) as caught:
        client.decode(payload)
    assert result.output.strip() == f"saic-asn1: error: {caught.value}"


def test_the_runtime_is_the_clis_verbatim(generated):
    shipped = generated / PACKAGE / "_runtime"
    expected = sorted(path.name for path in RUNTIME.iterdir() if path.suffix in (".py", ".json"))
    assert sorted(path.name for path in shipped.iterdir() if path.is_file()) == expected
    for name in expected:
        assert (shipped / name).read_bytes() == (RUNTIME / name).read_bytes(), name


@pytest.mark.slow  # runs mypy --strict
def test_the_package_passes_mypy_strict_and_ruff(generated):
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null", PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_generating_twice_gives_byte_identical_files(extracted_schemas, generated, tmp_path):
    invoke("generate", "python", "--schemas", str(extracted_schemas), "--out", str(tmp_path), "--package", PACKAGE)
    first = {
        path.relative_to(generated).as_posix(): path.read_bytes()
        for path in (generated / PACKAGE).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    second = {
        path.relative_to(tmp_path).as_posix(): path.read_bytes()
        for path in (tmp_path / PACKAGE).rglob("*")
        if path.is_file()
    }
    assert first == second


def test_bad_arguments_are_one_line_errors_and_write_nothing(extracted_schemas, tmp_path):
    result = CliRunner().invoke(
        main, ["generate", "python", "--schemas", str(extracted_schemas), "--out", str(tmp_path), "--package", "class"]
    )
    assert result.exit_code == 3 and "not a Python package name" in result.output
    result = CliRunner().invoke(
        main, ["generate", "python", "--schemas", str(tmp_path / "none"), "--out", str(tmp_path), "--package", "x"]
    )
    assert result.exit_code == 3 and result.output.count("\n") == 1
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine")
    result = CliRunner().invoke(
        main,
        ["generate", "python", "--schemas", str(extracted_schemas), "--out", str(tmp_path), "--package", "foreign"],
    )
    assert result.exit_code == 7 and (tmp_path / "foreign" / "notes.txt").read_text() == "mine"
    forced = CliRunner().invoke(
        main,
        [
            "generate",
            "python",
            "--schemas",
            str(extracted_schemas),
            "-o",
            str(tmp_path),
            "--package",
            "foreign",
            "--force",
        ],
    )
    assert forced.exit_code == 0 and not (tmp_path / "foreign" / "notes.txt").exists()
    assert (tmp_path / "foreign" / "__init__.py").is_file()


def readme_python_example() -> str:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `saic-asn1 generate python", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_runs_and_builds_the_captured_request(extracted_schemas, corpus, tmp_path):
    """Laid out like the README's console example: build/client beside ../shared/corpus."""
    checkout = tmp_path / "main"
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "corpus").symlink_to(corpus.resolve())
    invoke(
        "generate",
        "python",
        "--schemas",
        str(extracted_schemas),
        "--out",
        str(checkout / "build" / "client"),
        "--package",
        "saic_client",
    )
    run = subprocess.run(
        [sys.executable, "-c", readme_python_example()],
        cwd=checkout,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(checkout / "build" / "client"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "511 OTARVMVehicleStatusResp25857"
    assert lines[1].startswith("mileage: ")
    assert lines[2] == captured(corpus, "v2_1/511_25857_request.hex")


@pytest.mark.slow  # creates a virtualenv
def test_a_fresh_virtualenv_with_only_asn1tools_imports_the_package_and_decodes(generated, corpus, tmp_path):
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)], check=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "asn1tools"],
        check=True,
        capture_output=True,
    )
    script = (
        f"import sys; sys.path.insert(0, {str(generated)!r}); import {PACKAGE} as client;"
        "message = client.decode(sys.stdin.read());"
        "assert not {'jinja2', 'click', 'androguard', 'extractor'} & set(sys.modules), sorted(sys.modules);"
        "print(type(message.application_data).__name__, client.encode(message))"
    )
    text = captured(corpus, "v3_0/516_768_response_with_eventid.hex")
    run = subprocess.run([str(python), "-I", "-c", script], input=text, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["OTAChrgMangDataResp", text.upper()]


def test_the_committed_sample_package_is_what_generate_gives(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "generated_schemas" / "sample"
    invoke("generate", "python", "--schemas", str(sample), "--out", str(tmp_path), "--package", "ismart_sample")
    committed = sample / "python" / "ismart_sample"
    fresh = {
        path.relative_to(tmp_path / "ismart_sample").as_posix(): path.read_bytes()
        for path in (tmp_path / "ismart_sample").rglob("*")
        if path.is_file()
    }
    kept = {
        path.relative_to(committed).as_posix(): path.read_bytes()
        for path in committed.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert kept == fresh, difference("generated_schemas/sample/python/ismart_sample", kept, fresh)


def test_the_readme_example_from_saic_ismart_client_runs(extracted_schemas, corpus, tmp_path):
    """The README's "From saic-ismart-client" example, laid out like the first one."""
    checkout = tmp_path / "main"
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "corpus").symlink_to(corpus.resolve())
    client_folder = checkout / "build" / "client"
    invoke(
        "generate",
        "python",
        "--schemas",
        str(extracted_schemas),
        "--out",
        str(client_folder),
        "--package",
        "saic_client",
    )
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("#### From saic-ismart-client", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    run = subprocess.run(
        [sys.executable, "-c", example],
        cwd=checkout,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(client_folder), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    soc, found, request, last = run.stdout.splitlines()
    assert soc.endswith(" expect") and found == "OTAChrgMangDataResp catalog" and last == "3 True"
    assert request.startswith("1") and int(request, 16)


def status_request(client, header):
    v2_1 = client.v2_1
    return client.Message(
        header=header,
        body=v2_1.MPDispatcherBody(
            application_id="511", message_id=1, event_creation_time=1, application_data_protocol_version=25857
        ),
        application_data=v2_1.OTARVMVehicleStatusReq(veh_status_req_type=2),
    )


def test_captured_bytes_decode_from_bytes_bytearray_and_memoryview(client, corpus):
    text = captured(corpus, "v2_1/511_25857_request.hex")
    expected = client.decode(text)
    for payload in (text.encode(), bytearray(text.encode()), memoryview(text.encode())):
        assert client.decode(payload).application_data == expected.application_data


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda client: client.decode(None), "payload: expected hex text or bytes, got NoneType"),
        (lambda client: client.decode(5), "payload: expected hex text or bytes, got int"),
        (lambda client: client.from_json(None), "message JSON: expected text, got NoneType"),
        (lambda client: client.from_json('{"header": {"protocolVersion": 1e400}, "body": {}}'), "got inf"),
        (
            lambda client: client.from_json(
                '{"header": {"protocolVersion": 33}, "body": ' + "[" * 100_000 + "]" * 100_000 + "}"
            ),
            "message JSON nests deeper than 100 levels",
        ),
        (
            lambda client: client.from_json('{"header": {}, "body": {}, "applicationDataType": ["x"]}'),
            "applicationDataType: expected text or null, got ['x']",
        ),
        (
            lambda client: client.encode(status_request(client, client.Header(protocol_version=float("inf")))),
            "header.protocol_version: expected an integer 0..255, got inf",
        ),
        (
            lambda client: client.encode(status_request(client, client.Header(protocol_version=256))),
            "header.protocol_version: expected an integer 0..255, got 256",
        ),
        (
            lambda client: client.encode(
                status_request(client, client.Header(protocol_version=0x21, security_context=-1))
            ),
            "header.security_context: expected an integer 0..255, got -1",
        ),
        (lambda client: client.encode(None), "message: expected a Message with a Header, got None"),
    ],
)
def test_misuse_of_the_client_is_a_wire_error_naming_the_argument(client, call, expected):
    with pytest.raises(client.WireError) as caught:
        call(client)
    assert expected in str(caught.value)
