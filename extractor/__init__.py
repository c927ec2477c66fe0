"""saic-asn1: recover the ASN.1 UPER schemas of the MG/SAIC iSmart protocol from the Android app."""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn

__version__ = "0.1.0"

INTERRUPTED_EXIT = 130
BROKEN_PIPE_EXIT = 141


def run() -> None:
    """The `saic-asn1` entry point: a Ctrl-C even while the modules import ends with one line and exit 130."""
    try:
        from .cli import main

        main(prog_name="saic-asn1")
    except KeyboardInterrupt:
        end_interrupted()
    finally:
        # The outcome is decided: a Ctrl-C while Python shuts down would end it by the signal, without a line.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            end_on_broken_pipe()


def end_interrupted() -> NoReturn:
    """Ctrl-C: one line and 130 (128 + SIGINT), like other Unix tools; a second Ctrl-C cannot cut the line short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr.write("saic-asn1: interrupted\n")
    sys.exit(INTERRUPTED_EXIT)


def end_on_broken_pipe() -> NoReturn:
    """stdout was closed early (`… | head`): end quietly like other Unix tools, with 128 + SIGPIPE."""
    # What is still buffered goes to /dev/null, so that Python's own flush at exit has nothing to complain of.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(BROKEN_PIPE_EXIT)
