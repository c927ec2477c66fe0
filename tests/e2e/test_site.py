"""`saic-asn1 docs` end to end: schemas extracted from the corpus-shaped APK, the corpus payloads as
examples, two releases written by `regenerate`; the site opened in Debian's chromium (headless)."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest
from click.testing import CliRunner

from extractor.cli import main
from tests.cli.test_regenerate import FIRST, PACKAGE, SECOND, apk
from tests.site_check import check_html_site, check_markdown_site

# Slow (left out of `make test-fast`): builds reference sites and drives chromium.
pytestmark = pytest.mark.slow

# Debian's chromium (installed by `make tools`); other builds where that is not there (CI runners have Chrome).
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# The flags that let Debian's chromium run headless as root in a container, with no network chatter.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def docs(*arguments: str):
    return CliRunner().invoke(main, ["docs", *arguments])


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> tuple[Path, Path]:
    """Two releases written by `regenerate`, the second run also writing the site (`--site`)."""
    into = tmp_path_factory.mktemp("generated_schemas")
    release_site = into.parent / "release-site"
    for text, name, code in ((FIRST, "1.0.0", 100), (SECOND, "1.1.0", 110)):
        result = CliRunner().invoke(
            main,
            [
                "regenerate",
                str(apk(text, name, code)),
                "--into",
                str(into),
                "--site",
                str(release_site),
                "--allow-test-apks",
            ],
        )
        assert result.exit_code == 1, result.output
    assert f"site of {PACKAGE}: wrote {release_site}" in result.stderr
    return into / PACKAGE, release_site


@pytest.fixture(scope="module")
def releases(regenerated) -> Path:
    return regenerated[0]


def test_regenerate_writes_the_site_of_the_newest_release_with_every_release(regenerated):
    _, release_site = regenerated
    index = (release_site / "index.html").read_text()
    assert "<tr><th>versionName</th><td>1.1.0</td></tr>" in index
    assert 'href="releases/1.0.0.html"' in index and 'href="releases/1.1.0.html"' in index
    status = _Ids((release_site / "v2_1" / "index.html").read_text()).ids
    assert status.get("Status") == "section"
    # SECOND adds `heading INTEGER(0..359) OPTIONAL`: 360 values, 9 bits.
    page = (release_site / "v2_1" / "index.html").read_text()
    assert '<td class="depth-0"><code>heading</code></td>' in page and "<td>OPTIONAL</td>\n  <td>9 bits</td>" in page
    assert check_html_site(release_site) == []


@pytest.fixture(scope="module")
def site(extracted_schemas, corpus, releases, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = docs(
        "--schemas",
        str(extracted_schemas),
        "--out",
        str(out),
        "--examples",
        str(corpus / "payloads" / "manifest.json"),
        "--releases",
        str(releases),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("10 files: 4 versions, 67 types, 45 examples (0 did not decode), 2 releases;")
    return out


class _Ids(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids[value] = tag


def test_every_type_of_index_json_is_at_its_name_on_its_version_page(site, extracted_schemas):
    index = json.loads((extracted_schemas / "index.json").read_text())
    pages = {version: _Ids((site / version / "index.html").read_text()).ids for version in index["versions"]}
    missing = [
        f"{entry['version']}#{entry['name']}"
        for entry in index["types"]
        if entry["name"] not in pages[entry["version"]]
    ]
    assert not missing
    # LanguageType is two classes in v1_1: #LanguageType lists both, each at #<Module>.LanguageType.
    assert {"LanguageType", "MPDispatcherBodyModule.LanguageType", "ApplicationDataModule.LanguageType"} <= set(
        pages["v1_1"]
    )


def test_every_link_and_fragment_resolves_and_nothing_is_remote(site):
    assert check_html_site(site) == []
    assert sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()) == [
        "index.html",
        "releases/1.0.0.html",
        "releases/1.1.0.html",
        "search-index.js",
        "search.js",
        "site.css",
        "v1_1/index.html",
        "v1_2/index.html",
        "v2_1/index.html",
        "v3_0/index.html",
    ]


def test_the_link_checker_finds_broken_links_missing_fragments_and_remote_resources(tmp_path):
    (tmp_path / "a.html").write_text(
        '<p id="here"></p><a href="b.html#there">x</a><a href="a.html#here">ok</a>'
        '<a href="gone.html">x</a><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/f.css"><div style="background: url(http://x/y.png)">'
    )
    (tmp_path / "b.html").write_text("<p id='elsewhere'></p>")
    problems = check_html_site(tmp_path)
    assert len(problems) == 5 and "no id 'there'" in problems[0] and "broken link: gone.html" in problems[1]


def test_a_type_section_has_definition_fields_sizes_users_other_versions_catalog_and_examples(site, corpus):
    page = (site / "v2_1" / "index.html").read_text()
    section = page[page.index('<section class="type" id="OTARVMVehicleStatusResp25857">') :]
    section = section[: section.index("</section>")]
    assert "OTARVMVehicleStatusResp25857 ::= SEQUENCE" in section
    assert "com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.entity.vehicle.OTA_RVMVehicleStatusResp25857" in section
    # statusTime INTEGER(0..2147483647): 2^31 values, 31 bits
    assert '<td class="depth-0"><code>statusTime</code></td>' in section and "<td>31 bits</td>" in section
    assert '<a href="#RvsPosition">RvsPosition</a>' in section
    assert "<td>511</td><td>2</td><td>25857</td>" in section
    hex_text = (corpus / "payloads" / "v2_1" / "511_25857_response.hex").read_text().strip()
    assert hex_text[:64] in section and "application data: OTARVMVehicleStatusResp25857" in section
    position = page[page.index('id="RvsPosition"') :]
    position = position[: position.index("</section>")]
    assert '<a href="#OTARVMVehicleStatusResp25857">OTARVMVehicleStatusResp25857</a>' in position
    body = page[page.index('id="MPDispatcherBody"') :]
    body = body[: body.index("</section>")]
    # The corpus' v1_1 dispatcher body has iccID, its v2_1 one has not.
    assert '<a href="../v1_1/index.html#MPDispatcherBody">v1_1</a>' in body and "MPDispatcherBody.iccID</code>" in body
    assert '<a href="../v3_0/index.html#MPDispatcherBody">v3_0</a>' in body


def test_release_pages_show_the_changes_between_consecutive_releases(site, releases):
    newer = (site / "releases" / "1.1.0.html").read_text()
    assert (
        "component added" in newer and "heading" in newer and '<span class="verdict breaking">breaking</span>' in newer
    )
    assert '<a href="1.0.0.html">' in newer
    recorded = json.loads((releases / "releases.json").read_text())["releases"][-1]["changes"]
    for change in recorded:
        assert (
            f'<span class="verdict {change["api_verdict"]}" title="{markupsafe.escape(change["api_reason"])}">' in newer
        )
    assert "The first release" in (site / "releases" / "1.0.0.html").read_text()
    index = (site / "index.html").read_text()
    assert index.index('href="releases/1.1.0.html"') < index.index('href="releases/1.0.0.html"')


def test_markdown_has_the_same_pages_with_resolving_links(extracted_schemas, corpus, releases, tmp_path):
    out = tmp_path / "wiki"
    result = docs(
        "--schemas",
        str(extracted_schemas),
        "--out",
        str(out),
        "--format",
        "markdown",
        "--examples",
        str(corpus / "payloads"),
        "--releases",
        str(releases),
    )
    assert result.exit_code == 0, result.output
    assert check_markdown_site(out) == []
    index = json.loads((extracted_schemas / "index.json").read_text())
    for entry in index["types"]:
        assert f'<a id="{entry["name"]}"></a>' in (out / entry["version"] / "index.md").read_text()
    assert "| **breaking** | compatible | component added |" in (out / "releases" / "1.1.0.md").read_text()


def test_the_same_input_gives_the_same_site(site, extracted_schemas, corpus, releases, tmp_path):
    again = tmp_path / "again"
    docs(
        "--schemas",
        str(extracted_schemas),
        "--out",
        str(again),
        "--examples",
        str(corpus / "payloads" / "manifest.json"),
        "--releases",
        str(releases),
    )
    for path in site.rglob("*"):
        if path.is_file():
            assert (again / path.relative_to(site)).read_bytes() == path.read_bytes(), path


@pytest.fixture(scope="module")
def browser():
    executable = next((found for found in map(shutil.which, BROWSERS) if found), None)
    if executable is None:
        pytest.fail("no chromium: `make tools` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def open_page(browser, url: str):
    """A page and the list every console error, script error and failed request lands in."""
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, problems


def test_chromium_loads_the_pages_without_errors_and_the_search_finds_a_type(browser, site, tmp_path):
    for path in ("index.html", "v2_1/index.html", "releases/1.1.0.html"):
        page, problems = open_page(browser, (site / path).as_uri())
        assert problems == [], path
        page.close()
    page, problems = open_page(browser, (site / "index.html").as_uri())
    page.fill("#search", "vehiclestatusresp")
    results = page.locator("#search-results a")
    assert results.count() >= 1
    assert results.first.get_attribute("href") == "v2_1/index.html#OTARVMVehicleStatusResp25857"
    screenshot = tmp_path / "search.png"
    page.screenshot(path=str(screenshot))
    results.first.click()
    page.wait_for_url("**/v2_1/index.html#OTARVMVehicleStatusResp25857")
    assert page.locator("#OTARVMVehicleStatusResp25857").is_visible()
    assert problems == []
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000


def test_typing_a_field_name_finds_the_field_with_its_type_and_opens_its_type(browser, site):
    page, problems = open_page(browser, (site / "index.html").as_uri())
    page.fill("#search", "mileage")
    results = page.locator("#search-results a")
    texts = [results.nth(number).inner_text() for number in range(results.count())]
    # In the corpus schemas: v2_1 RvsBasicStatus25857 and v3_0 RvsChargingStatus hold `mileage INTEGER(…)`.
    assert "mileagev2_1 · field of RvsBasicStatus25857: INTEGER" in texts
    assert "mileagev3_0 · field of RvsChargingStatus: INTEGER" in texts
    page.fill("#search", "lock")
    assert (
        "lockStatusv2_1 · field of RvsBasicStatus25857: BOOLEAN" in page.locator("#search-results a").all_inner_texts()
    )
    found = page.locator("#search-results a", has_text="lockStatusv2_1 · field of RvsBasicStatus25857")
    assert found.get_attribute("href") == "v2_1/index.html#RvsBasicStatus25857"
    found.click()
    page.wait_for_url("**/v2_1/index.html#RvsBasicStatus25857")
    assert page.locator("#RvsBasicStatus25857").is_visible() and problems == []


def test_the_console_check_sees_a_script_error(browser, tmp_path):
    # The check above would pass on a browser that reports nothing; this shows it hears errors at all.
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><link rel='icon' href='data:,'><script>console.error('seen'); undefinedFunction();</script>"
    )
    _, problems = open_page(browser, broken.as_uri())
    assert any("seen" in problem for problem in problems) and any(
        "undefinedFunction" in problem for problem in problems
    )
