"""Which folders `docs` may replace: its own site (the generator mark in the first 1024 characters of
`index.html` or `index.md`), an empty folder, or anything with --force; nothing else is touched."""

from __future__ import annotations

import pytest

from extractor.docs.site import GENERATOR_MARK, is_our_site, refuse_site_folder
from extractor.errors import OutputError


def site(folder, name: str, text: str | bytes):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


@pytest.mark.parametrize("name", ["index.html", "index.md"])
def test_a_page_with_the_mark_in_its_first_1024_characters_is_our_site(tmp_path, name):
    ending_at_1024 = "x" * (1024 - len(GENERATOR_MARK)) + GENERATOR_MARK
    assert is_our_site(site(tmp_path / "ours", name, ending_at_1024 + "\nrest"))
    assert not is_our_site(site(tmp_path / "later", name, "x" + ending_at_1024))
    assert not is_our_site(site(tmp_path / "other", name, "<html>someone else's</html>"))


def test_the_mark_counts_in_a_page_that_is_not_valid_utf8_and_in_index_md_beside_a_folder(tmp_path):
    assert is_our_site(site(tmp_path / "bytes", "index.html", b"\xff\xfe<!-- " + GENERATOR_MARK.encode() + b" -->"))
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "index.html").mkdir()
    assert is_our_site(site(tmp_path / "dir", "index.md", f"<!-- {GENERATOR_MARK} -->"))
    assert not is_our_site(tmp_path / "absent")


def test_a_folder_of_someone_else_is_refused_unless_forced(tmp_path):
    foreign = site(tmp_path / "foreign", "notes.txt", "mine")
    with pytest.raises(OutputError, match=f"^{foreign}: folder is not empty and was not written by saic-asn1"):
        refuse_site_folder(foreign)
    refuse_site_folder(foreign, force=True)
    refuse_site_folder(site(tmp_path / "ours", "index.md", GENERATOR_MARK))
    refuse_site_folder(tmp_path / "new")
