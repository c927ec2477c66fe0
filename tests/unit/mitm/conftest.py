"""One addon in a mitmproxy test context for the module's tests, with the corpus-shaped schemas compiled once."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from mitmproxy import ctx
from mitmproxy.test import taddons

from extractor.mitm.live import SaicAsn1
from extractor.mitm.view import register


@dataclass(frozen=True)
class Live:
    addon: SaicAsn1
    context: taddons.context


@pytest.fixture(scope="session")
def shared_live(extracted_schemas):
    addon = SaicAsn1()
    with taddons.context(addon) as context:
        context.configure(addon, saic_schemas=str(extracted_schemas))
        yield Live(addon, context)
    addon.done()


@pytest.fixture
def live(shared_live, caplog):
    """The shared addon with its default options, its context and its view back in place after a test that
    loaded an addon of its own (mitmproxy's ctx is global; a new addon's view replaces the one of that name)."""
    ctx.master, ctx.options = shared_live.context.master, shared_live.context.options
    register(shared_live.addon.view)
    shared_live.context.configure(shared_live.addon, saic_dump="line", saic_save="", saic_catalog="")
    caplog.set_level(logging.INFO)
    caplog.clear()
    return shared_live
