import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.wire.runtime.errors import WireError
from extractor.wire.runtime.frames import V1, V2, build_frame, clean_hex, parse_frame

V1_MESSAGE = build_frame(
    V1,
    {"protocolVersion": 17, "securityContext": 0, "dispatcherMessageLength": 6, "dispatcherBodyEncoding": 0},
    None,
    b"\x01\x02",
)
V2_MESSAGE = build_frame(
    V2, {"protocolVersion": 33, "dispatcherMessageLength": 5, "dispatcherBodyEncoding": 0}, bytes(16), b"\x01\x02"
)


def test_hex_as_users_paste_it():
    assert clean_hex(" 0x0a1b\n2c ") == "0A1B2C"


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("12G4", "not hex: 'G' at character 3"), ("  ", "empty")])
def test_bad_hex(text, message):
    with pytest.raises(WireError, match=message):
        clean_hex(text)


def test_v1_and_v2_framings_are_told_apart_and_split():
    v1 = parse_frame(V1_MESSAGE)
    assert v1.framing == V1 and v1.header["securityContext"] == 0 and v1.payload == b"\x01\x02" and v1.reserved is None
    v2 = parse_frame(V2_MESSAGE.lower())
    assert (
        v2.framing == V2
        and v2.reserved == bytes(16)
        and v2.payload == b"\x01\x02"
        and v2.outer_length == 2 + 16 + 3 + 3
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (V2_MESSAGE + "0", "odd number of hex digits"),
        (V2_MESSAGE[:-2], "length prefix says"),
        ("2" + V2_MESSAGE[1:], "unknown framing"),
        ("1000411", "shorter than its 19-byte header"),
        ("123", "shorter than the 5-character prefix"),
    ],
)
def test_framing_errors_are_one_line(text, message):
    with pytest.raises(WireError, match=message) as caught:
        parse_frame(text)
    assert "\n" not in str(caught.value)


def test_odd_v1_length():
    text = V1_MESSAGE + "0"
    text = f"{len(text):04X}" + text[4:]
    with pytest.raises(WireError, match="odd number of hex digits"):
        parse_frame(text)


@given(
    v1=st.booleans(),
    header=st.lists(st.integers(0, 255), min_size=4, max_size=4),
    reserved=st.binary(min_size=16, max_size=16),
    payload=st.binary(max_size=300),
)
def test_build_then_parse_is_identity(v1, header, reserved, payload):
    if v1:
        values = dict(
            zip(("protocolVersion", "securityContext", "dispatcherMessageLength", "dispatcherBodyEncoding"), header)
        )
        frame = parse_frame(build_frame(V1, values, None, payload))
    else:
        values = dict(zip(("protocolVersion", "dispatcherMessageLength", "dispatcherBodyEncoding"), header))
        frame = parse_frame(build_frame(V2, values, reserved, payload))
        assert frame.reserved == reserved
    assert frame.header == values and frame.payload == payload
    assert build_frame(frame.framing, frame.header, frame.reserved, frame.payload) == build_frame(
        frame.framing, values, reserved if not v1 else None, payload
    )
