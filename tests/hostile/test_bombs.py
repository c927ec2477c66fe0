"""The attacks of issue S3 on decoding, each in a process of its own whose peak memory is measured: a
zero-width list bomb through `decode`, a 256 MiB gzip body through `decode --flows` and through the addon's
hook. Bounded memory and one clean line are asserted; the figures (peak memory, seconds) are printed after
the run, never asserted as timings.

The peak is the child's own VmHWM, read as it exits: a child's ru_maxrss (wait4, RUSAGE_CHILDREN) starts
from the peak of the test process that forked it, and pytest's is about 100 MB."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from extractor.wire.runtime.frames import V2, build_frame
from extractor.wire.schemas import Schemas
from tests.corpus import REPOSITORY

# test → (peak MB, seconds), printed by conftest after the run.
FIGURES: dict[str, tuple[float, float]] = {}
LIST_BOMB_MB = 200
GZIP_BOMB_MB = 300
BOMB_TYPES = """
ZeroWidthBomb ::= SEQUENCE (SIZE(0..9223372036854775807)) OF NULL
EmptyBomb ::= SEQUENCE OF SEQUENCE {}
"""
# The payloads: 240, 1,040 and 32,800 hex characters claim 6.5 million, 32.8 million and a billion
# NULLs: each 0xC4 is a fragment of 65,536 elements, and a last 0x00 ends the list.
BOMB_BYTES = {"6.5 million": 100, "32.8 million": 500, "a billion": 16_000}
BODY = {
    "uid": "0" * 50,
    "token": "T" * 40,
    "applicationID": "510",
    "vin": "V" * 17,
    "messageID": 3,
    "eventCreationTime": 1668900000,
    "eventID": 1,
    "ulMessageCounter": 0,
    "dlMessageCounter": 1,
    "ackMessageCounter": 0,
    "ackRequired": False,
    "applicationDataEncoding": "perUnaligned",
    "applicationDataProtocolVersion": 25857,
    "testFlag": 2,
}


# Runs a module (`-m NAME ARGS…`) or code (`-c CODE ARGS…`) and writes its peak resident memory (kB) at exit.
MEASURED = """
import atexit, runpy, sys
report, kind, target, *arguments = sys.argv[1:]

def peak():
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])

atexit.register(peak)
sys.argv = [target, *arguments]
if kind == "-m":
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    exec(compile(target, "<child>", "exec"), {"__name__": "__main__"})
"""


def run_measured(name: str, arguments: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run a Python child (`-m MODULE …` or `-c CODE …`); record its own peak memory and its time."""
    report = tmp_path / "peak"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, str(report), *arguments],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
    )
    FIGURES[name] = (int(report.read_text()) / 1024, time.monotonic() - started)
    return result


@pytest.fixture(scope="module")
def bomb_schemas(corpus, tmp_path_factory) -> Path:
    """The corpus's v2_1 schemas with the bomb types an app could declare added to its application data."""
    folder = tmp_path_factory.mktemp("bomb") / "schemas"
    shutil.copytree(corpus / "schemas" / "v2_1", folder / "v2_1")
    module = folder / "v2_1" / "ApplicationData.asn1"
    text = module.read_text(encoding="utf-8")
    module.write_text(text[: text.rindex("END")] + BOMB_TYPES + "\nEND\n", encoding="utf-8")
    return folder


def message(schemas: Path, application_data: bytes) -> str:
    """A v2/v3 frame whose dispatcher body announces `application_data` and is followed by it."""
    _, spec = Schemas(schemas).find(33, "MP_DispatcherBody.asn1", "MPDispatcherBody")
    body = spec.encode("MPDispatcherBody", {**BODY, "applicationDataLength": len(application_data)})
    header = {"protocolVersion": 33, "dispatcherMessageLength": (3 + len(body)) % 256, "dispatcherBodyEncoding": 0}
    return build_frame(V2, header, bytes(16), body + application_data)


@pytest.mark.parametrize("claimed", BOMB_BYTES)
@pytest.mark.parametrize("type_name", ["ZeroWidthBomb", "EmptyBomb", None])
def test_a_zero_width_list_bomb_is_one_line_in_bounded_memory(bomb_schemas, tmp_path, claimed, type_name):
    payload = tmp_path / "bomb.hex"
    payload.write_text(message(bomb_schemas, bytes([0xC4]) * (BOMB_BYTES[claimed] - 1) + b"\x00"))
    # Without a type, the catalog is off: the envelope's IDs are a built-in catalog entry's, and inference is the point.
    chosen = ["--type", type_name] if type_name else ["--no-catalog"]
    name = f"decode --type {type_name}" if type_name else "decode (inference)"
    result = run_measured(
        f"{name}: {claimed} NULLs claimed",
        ["-m", "extractor", "decode", str(payload), "--schemas", str(bomb_schemas), *chosen],
        tmp_path,
    )
    assert result.returncode == 8 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    # Named: the cap (524,256 = 8 bits × 65,532 bytes of the largest frame), or no type decodes it at all.
    assert ("at most 524,256" if type_name else "decodes these") in result.stderr
    assert FIGURES[f"{name}: {claimed} NULLs claimed"][0] < LIST_BOMB_MB


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes gzipped, a MiB at a time (256 MiB become about 255 KB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    return b"".join(compressor.compress(chunk) for _ in range(size >> 20)) + compressor.flush()


@pytest.fixture(scope="module")
def gzip_body(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gzip") / "body.gz"
    path.write_bytes(gzip_bomb(256 << 20))
    return path


def test_a_256_mib_gzip_body_through_decode_flows_is_one_line_in_bounded_memory(corpus, gzip_body, tmp_path):
    from tests.flows import flow, write_capture

    exchange = flow("/TAP.Web/ota.mpv21", "", None)
    exchange.request.headers["content-encoding"] = "gzip"
    exchange.request.raw_content = gzip_body.read_bytes()
    capture = tmp_path / "bomb.flows"
    write_capture(capture, [exchange])
    result = run_measured(
        "decode --flows: 256 MiB gzip body",
        ["-m", "extractor", "decode", "--flows", str(capture), "--schemas", str(corpus / "schemas")],
        tmp_path,
    )
    assert result.returncode == 0 and result.stderr == ""
    # A frame is at most 5 + 2 × 65,532 = 131,069 hex digits; the codec reads at most twice that.
    assert '"error": "payload is longer than any ota.mp* frame: more than 262,138 characters' in result.stdout
    assert FIGURES["decode --flows: 256 MiB gzip body"][0] < GZIP_BOMB_MB


ADDON_CHILD = """
import sys
from mitmproxy.test import taddons, tflow, tutils
from extractor.mitm.live import SaicAsn1

addon = SaicAsn1()
with taddons.context(addon) as context:
    context.configure(addon, saic_schemas=sys.argv[1])
    request = tutils.treq(method=b"POST", path=b"/TAP.Web/ota.mpv21", content=b"")
    request.headers["content-encoding"] = "gzip"
    request.raw_content = open(sys.argv[2], "rb").read()
    flow = tflow.tflow(req=request, resp=False)
    addon.error(flow)
    print(flow.metadata["saic-asn1"]["request"]["error"])
"""


def test_a_256_mib_gzip_body_through_the_addon_is_one_warning_in_bounded_memory(corpus, gzip_body, tmp_path):
    result = run_measured(
        "addon hook: 256 MiB gzip body", ["-c", ADDON_CHILD, str(corpus / "schemas"), str(gzip_body)], tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("payload is longer than any ota.mp* frame: more than 262,138 characters")
    assert FIGURES["addon hook: 256 MiB gzip body"][0] < GZIP_BOMB_MB
