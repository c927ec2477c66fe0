"""mitmproxy flows for the tests, written with mitmproxy's own writer: single exchanges and the whole corpus.

`python -m tests.flows FILE` (`make corpus-capture`) writes the corpus capture that the README's mitmdump
examples read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mitmproxy import http, io
from mitmproxy.test import tflow, tutils

from tests.corpus import corpus_path

HOST = "tap-eu.soimt.com"
ENDPOINTS = {"v1_1": "/TAP.Web/ota.mp", "v2_1": "/TAP.Web/ota.mpv21", "v3_0": "/TAP.Web/ota.mpv30"}


def flow(url_path: str, request: str, response: str | None, failed: bool = False) -> http.HTTPFlow:
    """A POST to `url_path`; without a response it ends with a connection error when `failed`."""
    request_message = tutils.treq(method=b"POST", host=HOST, path=url_path.encode(), content=request.encode())
    response_message = tutils.tresp(content=response.encode()) if response is not None else None
    return tflow.tflow(req=request_message, resp=response_message or False, err=tflow.terr() if failed else False)


def write_capture(path: Path, flows: list[http.HTTPFlow]) -> None:
    with path.open("wb") as stream:
        writer = io.FlowWriter(stream)
        for item in flows:
            writer.add(item)


def corpus_flows(corpus: Path) -> list[http.HTTPFlow]:
    """Every corpus payload in a flow to its version's endpoint.

    A request and the response of the same example share a flow; the other requests and responses of a
    version are paired in name order; a request left over ends with a connection error, and a response
    left over answers the version's first request again.
    """
    entries = json.loads((corpus / "payloads" / "manifest.json").read_text(encoding="utf-8"))["payloads"]
    flows = []
    for version, endpoint in ENDPOINTS.items():
        texts = {
            entry["file"]: (corpus / "payloads" / entry["file"]).read_text(encoding="ascii").strip()
            for entry in entries
            if entry["version"] == version
        }
        requests = sorted(name for name in texts if "_request" in name)
        responses = sorted(name for name in texts if "_response" in name)
        pairs = []
        for request in list(requests):
            response = request.replace("_request", "_response")
            if response in responses:
                pairs.append((request, response))
                requests.remove(request)
                responses.remove(response)
        pairs += list(zip(requests, responses))
        first_request = pairs[0][0]
        pairs += [(request, None) for request in requests[len(responses) :]]
        pairs += [(first_request, response) for response in responses[len(requests) :]]
        flows += [
            flow(endpoint, texts[request], texts[response] if response else None, failed=response is None)
            for request, response in pairs
        ]
    return flows


def corpus_capture(corpus: Path) -> tuple[list[http.HTTPFlow], http.HTTPFlow]:
    """Every corpus payload (`corpus_flows`) and, among them, one flow whose request is truncated; returns both."""
    payloads = corpus / "payloads" / "v3_0"
    corrupt = flow(
        ENDPOINTS["v3_0"],
        (payloads / "516_768_request.hex").read_text().strip()[:-6],
        (payloads / "516_768_response_with_eventid.hex").read_text().strip(),
    )
    flows = corpus_flows(corpus)
    return [*flows[:5], corrupt, *flows[5:]], corrupt


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    capture, _ = corpus_capture(corpus_path())
    write_capture(target, capture)
    print(
        f"wrote {target}: {len(capture)} exchanges with ota.mp* endpoints, the corpus's payloads and one truncated request"
    )
