"""Prints, after the test run, how many fuzz examples reached the dex parser, and the figures of the decoding bombs."""

from __future__ import annotations

from tests.hostile.test_bombs import FIGURES
from tests.hostile.test_fuzz import PARSER_REACH


def pytest_terminal_summary(terminalreporter) -> None:
    if PARSER_REACH:
        terminalreporter.section("fuzz examples that reached the dex parser")
        for test_name, (reached, total) in PARSER_REACH.items():
            terminalreporter.write_line(f"{reached} of {total}: {test_name}")
    if FIGURES:
        terminalreporter.section("decoding bombs: peak memory and time of each child process")
        for attack, (megabytes, seconds) in FIGURES.items():
            terminalreporter.write_line(f"{megabytes:7.1f} MB {seconds:6.2f} s  {attack}")
