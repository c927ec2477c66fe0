"""`saic-asn1 docs` as a user runs it on the committed sample: escaping, errors, what the pages hold."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from extractor.cli import main
from tests.site_check import check_html_site, check_markdown_site, without_code

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLE = REPOSITORY / "generated_schemas" / "sample"
HOSTILE_PACKAGE = '<script>alert("package")</script>](https://evil.example/x)'
HOSTILE_CLASS = 'com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.x.<img src="https://evil.example/i.png">`|*_'


def docs(*arguments: str):
    return CliRunner().invoke(main, ["docs", *arguments])


@pytest.fixture
def hostile_schemas(tmp_path) -> Path:
    """The sample with the strings an APK controls (package, versionName, file, Java classes) made hostile."""
    folder = tmp_path / "schemas"
    shutil.copytree(SAMPLE, folder)
    index = json.loads((folder / "index.json").read_text())
    index["input"].update(package=HOSTILE_PACKAGE, versionName="<b>1</b>", file="a&b<i>.apk")
    for entry in index["types"]:
        if entry["name"] == "OTARVCReq":
            entry["java_class"] = HOSTILE_CLASS
    index["warnings"] = ["<script>warning()</script>"]
    (folder / "index.json").write_text(json.dumps(index))
    return folder


def test_html_escapes_every_string_from_the_app(hostile_schemas, tmp_path):
    out = tmp_path / "site"
    result = docs("--schemas", str(hostile_schemas), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = "".join(path.read_text() for path in out.rglob("*.html"))
    assert "<script>alert" not in text and "<img src" not in text and "<script>warning" not in text
    assert "&lt;script&gt;alert(&#34;package&#34;)&lt;/script&gt;" in text and "a&amp;b&lt;i&gt;.apk" in text
    assert check_html_site(out) == []
    search_index = (out / "search-index.js").read_text()
    assert "<" not in search_index and "\\u003cimg src=" in search_index


def test_markdown_escapes_every_string_from_the_app(hostile_schemas, tmp_path):
    out = tmp_path / "wiki"
    result = docs("--schemas", str(hostile_schemas), "--out", str(out), "--format", "markdown")
    assert result.exit_code == 0, result.output
    prose = "".join(without_code(path.read_text()) for path in out.rglob("*.md"))
    assert "\\<script\\>alert" in prose and "\\]\\(https://evil.example/x\\)" in prose and "a&b\\<i\\>.apk" in prose
    assert "<script>" not in prose and "<img" not in prose and "](https://evil" not in prose
    page = (out / "v2_1" / "index.md").read_text()
    # In a code span the text is shown as it is, never as HTML; the fence outgrows the backtick inside.
    assert (
        '`` com.saicmotor.telematics.tsgp.otaadapter.mp.v2_1.x.<img src="https://evil.example/i.png">`\\|*_ ``' in page
    )
    assert check_markdown_site(out) == []


def _sample_with(tmp_path: Path, module_text: dict[str, str], **app: str) -> Path:
    """The sample with `old → new` replacements in v1_1's ApplicationData module and input fields of index.json."""
    folder = tmp_path / "schemas"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("python"))
    module = folder / "v1_1" / "ApplicationData.asn1"
    text = module.read_text()
    for old, new in module_text.items():
        assert old in text
        text = text.replace(old, new)
    module.write_text(text)
    index = json.loads((folder / "index.json").read_text())
    index["input"].update(app)
    (folder / "index.json").write_text(json.dumps(index))
    return folder


def _cells(row: str) -> list[str]:
    """The cells of a Markdown table row: split on the pipes no backslash escapes."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


HOSTILE_DEFAULT = {
    "  rememberMe BOOLEAN DEFAULT TRUE\n": "  rememberMe BOOLEAN DEFAULT TRUE,\n"
    '  greeting IA5String(SIZE(1..64)) DEFAULT "<script>alert(1)</script>|x"\n'
}


def test_module_text_from_the_app_is_escaped_on_the_html_site(tmp_path):
    # A DEFAULT string is the app's text inside the ASN.1 definition, the field table and the search index.
    schemas = _sample_with(tmp_path, HOSTILE_DEFAULT)
    out = tmp_path / "site"
    result = docs("--schemas", str(schemas), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = "".join(path.read_text() for path in out.rglob("*.html"))
    assert "<script>alert" not in text
    page = (out / "v1_1" / "index.html").read_text()
    login = page[page.index('id="MPUserLoggingInReq"') :]
    definition = login[login.index('<pre class="asn1"><code>') : login.index("</code></pre>")]
    assert "DEFAULT &#34;&lt;script&gt;alert(1)&lt;/script&gt;|x&#34;" in definition
    assert "<td>DEFAULT &lt;script&gt;alert(1)&lt;/script&gt;|x</td>" in login
    assert check_html_site(out) == []


def test_module_text_and_version_name_keep_their_markdown_table_cells(tmp_path):
    schemas = _sample_with(tmp_path, HOSTILE_DEFAULT, versionName="1.0|evil")
    out = tmp_path / "wiki"
    result = docs("--schemas", str(schemas), "--out", str(out), "--format", "markdown")
    assert result.exit_code == 0, result.output
    [version_row] = [line for line in (out / "index.md").read_text().splitlines() if line.startswith("| versionName")]
    assert _cells(version_row) == ["versionName", "1.0\\|evil"]
    page = (out / "v1_1" / "index.md").read_text()
    [greeting_row] = [line for line in page.splitlines() if line.startswith("| ` greeting `")]
    # field, type, constraint, OPTIONAL / DEFAULT, UPER size: 5 cells, the `|` of the string inside one.
    assert len(_cells(greeting_row)) == 5
    assert _cells(greeting_row)[3] == "DEFAULT \\<script\\>alert\\(1\\)\\</script\\>\\|x"
    # In the fenced definition the text is shown as it is, never as HTML.
    assert '  greeting IA5String(SIZE(1..64)) DEFAULT "<script>alert(1)</script>|x"' in page
    assert "<script>" not in without_code(page)
    assert check_markdown_site(out) == []


LENGTHS_AT_64K = {
    "-- SEQUENCE from Java class com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.login.v2_1.MP_UserLoggingInReq\n": (
        "Below64K ::= OCTET STRING(SIZE(0..65535))\n\n"
        "At64K ::= OCTET STRING(SIZE(0..65536))\n\n"
        "Past64K ::= OCTET STRING(SIZE(0..65537))\n\n"
        "-- SEQUENCE from Java class com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.login.v2_1.MP_UserLoggingInReq\n"
    )
}


def test_the_site_prices_sizes_at_the_64k_edge_of_the_length_determinant(tmp_path):
    schemas = _sample_with(tmp_path, LENGTHS_AT_64K)
    out = tmp_path / "site"
    result = docs("--schemas", str(schemas), "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "v1_1" / "index.html").read_text()

    def size_of(name: str) -> str:
        section = page[page.index(f'id="{name}"') :]
        found = re.search(r"<tr><th>UPER size</th><td>(.*?)</td></tr>", section)
        assert found is not None, name
        return found[1]

    # X.691 11.9.4.1: an upper bound below 64K is a constrained whole number of ceil(log2(65535 + 1)) = 16 bits,
    # then up to 65535 octets: 16 + 65535 × 8 = 524296 bits.
    assert size_of("Below64K") == "16–524296 bits; 16-bit length field (0..65535 octets)"
    # From 64K on, the general length determinant (one octet below 128), no upper bound.
    general = "≥ 8 bits; length determinant (8 bits below 128 octets, 16 below 16K)"
    assert size_of("At64K") == general and size_of("Past64K") == general


def test_the_sample_site_documents_every_type_with_sizes_worked_out_by_hand(tmp_path):
    out = tmp_path / "site"
    result = docs("--schemas", str(SAMPLE), "--out", str(out))
    assert result.exit_code == 0 and result.stdout.startswith("8 files: 4 versions, 44 types;"), result.output
    page = (out / "v2_1" / "index.html").read_text()
    climate = page[page.index('id="ClimateRequest"') :]
    climate = climate[: climate.index("</section>")]
    # 1 presence bit + targetTemperature (-20..40: 61 values, 6 bits, may be absent) + durationMinutes (5..30: 5 bits)
    # + mode (1-bit index; auto NULL 0 bits | manual 1..7: 3 bits)
    assert "<td>7–16 bits; 1 presence bit</td>" in climate
    assert "<td>DEFAULT 22</td>" in climate and "<td>6 bits</td>" in climate and "<td>5 bits</td>" in climate
    assert '<td class="depth-1"><code>manual</code></td>' in climate and "<td>alternative 1</td>" in climate
    # used by RemoteCommand (climate alternative), which OTARVCReq uses
    assert '<a href="#RemoteCommand">RemoteCommand</a>' in climate
    assert "<title>v2_1 · com.saicmotor.ismart.sample protocol reference</title>" in page


def test_other_versions_show_the_wire_diff_of_the_type(tmp_path):
    out = tmp_path / "site"
    docs("--schemas", str(SAMPLE), "--out", str(out))
    page = (out / "v2_1" / "index.html").read_text()
    header = page[page.index('id="MPDispatcherHeader"') :]
    header = header[: header.index("</section>")]
    others = {item.split('">')[1].split("</a>")[0]: item for item in header.split('<li><a href="../')[1:]}
    assert sorted(others) == ["v1_1", "v1_2", "v3_0"]
    # v1_2 has `securityContext INTEGER(0..255) OPTIONAL` and `bodyLength INTEGER(0..65535)`, v2_1 `bodyLength INTEGER(0..1023)`.
    assert "2 changes (v1_2 → v2_1)" in others["v1_2"]
    assert "MPDispatcherHeader.securityContext</code>" in others["v1_2"] and "width 16 → 10 bits" in others["v1_2"]
    assert "same on the wire (v2_1 → v3_0: no change)" in others["v3_0"]


def test_bad_input_is_one_line_and_a_documented_exit_code(tmp_path):
    missing = docs("--schemas", str(tmp_path / "nothing"), "--out", str(tmp_path / "site"))
    assert missing.exit_code == 3 and missing.output.count("\n") == 1 and "no such folder" in missing.output
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    refused = docs("--schemas", str(SAMPLE), "--out", str(foreign))
    assert refused.exit_code == 7 and "not written by saic-asn1" in refused.output
    assert [path.name for path in foreign.iterdir()] == ["notes.txt"]
    forced = docs("--schemas", str(SAMPLE), "-o", str(foreign), "--force")
    assert forced.exit_code == 0 and not (foreign / "notes.txt").exists() and (foreign / "index.html").is_file()
    no_releases = docs("--schemas", str(SAMPLE), "--out", str(tmp_path / "site"), "--releases", str(tmp_path))
    assert no_releases.exit_code == 3 and "has no releases.json" in no_releases.output
    assert not (tmp_path / "site").exists()


def test_a_version_name_that_is_not_a_plain_folder_name_is_refused(tmp_path):
    folder = tmp_path / "schemas"
    shutil.copytree(SAMPLE, folder)
    index = json.loads((folder / "index.json").read_text())
    index["versions"][0] = "../../escape"
    (folder / "index.json").write_text(json.dumps(index))
    result = docs("--schemas", str(folder), "--out", str(tmp_path / "site"))
    assert result.exit_code == 3 and "'../../escape' is not usable as a file name" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda index: index["types"][0].update(file="../../../etc/passwd"), "not in a <version>/<module>.asn1 file"),
        (lambda index: index["types"][0].pop("name"), "a type entry lacks one of version, module, file, name"),
        (lambda index: index.pop("types"), "lacks input, versions or types"),
    ],
)
def test_an_index_json_that_extract_did_not_write_is_refused(tmp_path, change, message):
    folder = tmp_path / "schemas"
    shutil.copytree(SAMPLE, folder)
    index = json.loads((folder / "index.json").read_text())
    change(index)
    (folder / "index.json").write_text(json.dumps(index))
    result = docs("--schemas", str(folder), "--out", str(tmp_path / "site"))
    assert result.exit_code == 3 and message in result.output and result.output.count("\n") == 1


def test_a_site_is_replaced_by_the_next_run(tmp_path):
    out = tmp_path / "site"
    assert docs("--schemas", str(SAMPLE), "--out", str(out)).exit_code == 0
    (out / "stale.html").write_text("old")
    assert docs("--schemas", str(SAMPLE), "--out", str(out)).exit_code == 0
    assert not (out / "stale.html").exists()


def test_the_workflow_publishes_the_site_that_regenerate_writes():
    document = yaml.safe_load((REPOSITORY / ".github" / "workflows" / "regenerate.yml").read_text())
    steps = document["jobs"]["regenerate"]["steps"]
    regenerate = next(step for step in steps if step.get("id") == "regenerate")
    assert '--site "$RUNNER_TEMP/site"' in regenerate["run"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "${{ runner.temp }}/site"
    publish = document["jobs"]["publish-site"]
    assert publish["needs"] == "regenerate" and publish["environment"]["name"] == "github-pages"
    assert publish["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    assert {"pages": "write", "id-token": "write"}.items() <= document["permissions"].items()


def test_a_catalog_of_your_own_is_listed_on_the_type_page(tmp_path):
    catalog = tmp_path / "mine.json"
    entry = {
        "applicationID": "777",
        "messageID": 42,
        "applicationDataProtocolVersion": 25857,
        "type": "MPDispatcherBody",
        "source": "my capture of 2026-11-29",
    }
    catalog.write_text(json.dumps({"messages": [entry]}))
    without = docs("--schemas", str(SAMPLE), "--out", str(tmp_path / "plain"))
    result = docs("--schemas", str(SAMPLE), "--out", str(tmp_path / "site"), "--catalog", str(catalog))
    assert without.exit_code == result.exit_code == 0
    assert "my capture of 2026-11-29" in (tmp_path / "site" / "v2_1" / "index.html").read_text()
    assert "my capture of 2026-11-29" not in (tmp_path / "plain" / "v2_1" / "index.html").read_text()


@pytest.mark.parametrize("output_format", ["html", "markdown"])
def test_bidi_and_invisible_characters_from_the_app_are_shown_escaped(tmp_path, output_format):
    folder = tmp_path / "schemas"
    shutil.copytree(SAMPLE, folder)
    index = json.loads((folder / "index.json").read_text())
    index["input"].update(versionName="1.0\u202egnp.exe", file="app\u200b.apk")
    for entry in index["types"]:
        if entry["name"] == "OTARVCReq":
            entry["java_class"] = "com.example.Req\u2066\x1b[2J"
    index["warnings"] = ["class com.example.\u202eTxt.exe skipped\r\nforged line"]
    (folder / "index.json").write_text(json.dumps(index))
    out = tmp_path / "site"
    assert docs("--schemas", str(folder), "--out", str(out), "--format", output_format).exit_code == 0
    text = "".join(path.read_text(encoding="utf-8") for path in out.rglob("*.*"))
    assert "1.0\\u202egnp.exe" in text and "app\\u200b.apk" in text and "Req\\u2066\\x1b[2J" in text
    # A line break in a warning is a space in HTML and folded in Markdown: it cannot forge a line there.
    assert "com.example.\\u202eTxt.exe skipped" in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", text)
    if output_format == "html":
        # JSON of the escaped text: the search box shows the backslash, not a reordering control.
        assert "Req\\\\u2066\\\\x1b[2J" in (out / "search-index.js").read_text()
