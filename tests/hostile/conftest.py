"""Prints, after the test run, how many fuzz examples reached the dex parser."""

from __future__ import annotations

from tests.hostile.test_fuzz import PARSER_REACH


def pytest_terminal_summary(terminalreporter) -> None:
    if PARSER_REACH:
        terminalreporter.section("fuzz examples that reached the dex parser")
        for test_name, (reached, total) in PARSER_REACH.items():
            terminalreporter.write_line(f"{reached} of {total}: {test_name}")
