"""What `make conformance` prints: aligned columns, no trailing spaces."""

from tests.conformance.check import LeftOut, VersionReport, print_leave_one_out, print_versions


def test_the_tables_have_no_trailing_spaces(capsys):
    print_versions([VersionReport("v1_1", 40, 40, 7, 7), VersionReport("v3_0", 3, 3, 12, 12, ["a problem"])])
    right = LeftOut("511_25857_request.hex", "OTARVCReq", "request", "OTARVCReq", "inferred", "request", "size", "high")
    print_leave_one_out([right])
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "version   types equal   payloads round-tripped",
        "v1_1        40 / 40                 7 / 7",
        "v3_0         3 / 3                 12 / 12",
        "  - a problem",
    ]
    assert [line for line in lines if line != line.rstrip()] == []
