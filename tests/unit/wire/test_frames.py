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


V1_HEADER = {"protocolVersion": 0x11, "securityContext": 0, "dispatcherMessageLength": 6, "dispatcherBodyEncoding": 0}
V2_HEADER = {"protocolVersion": 0x21, "dispatcherMessageLength": 5, "dispatcherBodyEncoding": 0}


def test_the_exact_text_a_peer_sends():
    # v1: 5 + 2 × (4 header bytes + 1) = 15 characters (000F), a 1, then upper-case hex.
    assert build_frame(V1, V1_HEADER, None, b"\xab") == "000F1" + "11000600" + "AB"
    # v2/v3: a 1, then 3 header bytes + 16 reserved + 1 payload byte + 3 = 23 (0017).
    assert build_frame(V2, V2_HEADER, bytes(16), b"\xab") == "10017" + "210500" + "00" * 16 + "AB"
    v1 = parse_frame("000F1" + "11000600" + "AB")
    assert (v1.outer_length, v1.header, v1.payload) == (15, V1_HEADER, b"\xab")


def test_the_longest_v1_message_fills_the_4_digit_prefix():
    # 65535 characters: 5 + 2 × (4 + 32761) bytes; one byte more is 65537.
    longest = build_frame(V1, V1_HEADER, None, bytes(32761))
    assert longest.startswith("FFFF1") and len(longest) == 65535
    assert parse_frame(longest).outer_length == 65535
    with pytest.raises(WireError) as caught:
        build_frame(V1, V1_HEADER, None, bytes(32762))
    assert str(caught.value) == "v1 message of 65537 characters exceeds the 4-digit length prefix"


def test_a_v2_frame_of_4096_bytes_or_more_reads_all_four_length_digits():
    frame = parse_frame(build_frame(V2, V2_HEADER, bytes(16), bytes(5000)))
    assert frame.outer_length == 5000 + 19 + 3 and frame.payload == bytes(5000)


def test_a_v2_length_ending_in_1_is_not_taken_for_v1():
    # 11 payload bytes: 3 + 16 + 11 + 3 = 33 = 0x0021, so the fifth character is a 1.
    text = build_frame(V2, V2_HEADER, bytes(16), bytes(11))
    assert text[:5] == "10021"
    assert parse_frame(text).framing == V2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (V2_MESSAGE + "0", "odd number of hex digits after the prefix (43)"),
        (V2_MESSAGE[:-2], "length prefix says 21 bytes follow, the payload has 20"),
        (
            "2" + V2_MESSAGE[1:],
            (
                "unknown framing: the first 4 digits (2001) are not the length 47 (v1)"
                " and the payload does not start with 1 (v2/v3)"
            ),
        ),
        # Exactly the prefix: a v2/v3 frame with no bytes after it.
        ("10003", "v2/v3 payload of 0 bytes is shorter than its 19-byte header"),
        ("", "payload is empty"),
    ],
)
def test_framing_messages_say_what_was_found(text, message):
    with pytest.raises(WireError) as caught:
        parse_frame(text)
    assert str(caught.value) == message


def test_the_longest_text_is_twice_the_largest_frame():
    # The largest v2/v3 frame: 5 + 2 × 65532 = 131069 characters; twice that, 262138, is still read.
    assert clean_hex("0" * 262138) == "0" * 262138
    with pytest.raises(WireError, match="longer than any ota.mp"):
        clean_hex("0" * 262139)


@pytest.mark.parametrize(
    ("header", "reserved", "message"),
    [
        ({"protocolVersion": 1}, None, "header lacks securityContext, dispatcherMessageLength, dispatcherBodyEncoding"),
        (
            {**V1_HEADER, "securityContext": 256},
            None,
            "header.securityContext: 256 does not fit the header's byte (0..255)",
        ),
        (
            {**V1_HEADER, "securityContext": -1},
            None,
            "header.securityContext: -1 does not fit the header's byte (0..255)",
        ),
    ],
)
def test_v1_header_problems(header, reserved, message):
    with pytest.raises(WireError) as caught:
        build_frame(V1, header, reserved, b"")
    assert str(caught.value) == message
    assert (
        parse_frame(build_frame(V1, {**V1_HEADER, "securityContext": 255}, None, b"")).header["securityContext"] == 255
    )


@pytest.mark.parametrize("reserved", [None, bytes(15), bytes(17)])
def test_v2_needs_16_reserved_bytes(reserved):
    with pytest.raises(WireError) as caught:
        build_frame(V2, V2_HEADER, reserved, b"")
    assert str(caught.value) == "v2/v3 framing needs 16 reserved bytes"
