"""The site's templates hold non-ASCII text (`·`, `→`): they are read as UTF-8 whatever the locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from extractor.docs.content import SchemaContent
from extractor.docs.site import SiteInput, render_site
from extractor.model import AppMetadata
from extractor.schema.output import app_document

RENDER = """
import json, sys
from extractor.docs.content import SchemaContent
from extractor.docs.site import SiteInput, render_site
from extractor.model import AppMetadata
from extractor.schema.output import app_document
app = app_document(AppMetadata("a.apk", "00", package="com.x", version_name="1.0", version_code=7))
site = SiteInput(SchemaContent(app, "0", (), ()))
sys.stdout.buffer.write(json.dumps({fmt: render_site(site, fmt) for fmt in ("html", "markdown")}).encode())
"""


def test_a_site_rendered_under_an_ascii_locale_is_the_same_site():
    app = app_document(AppMetadata("a.apk", "00", package="com.x", version_name="1.0", version_code=7))
    site = SiteInput(SchemaContent(app, "0", (), ()))
    expected = {fmt: render_site(site, fmt) for fmt in ("html", "markdown")}
    ascii_locale = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    run = subprocess.run([sys.executable, "-c", RENDER], env=ascii_locale, capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode()
    assert json.loads(run.stdout) == expected
    assert "·" in expected["html"]["index.html"]
