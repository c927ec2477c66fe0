"""Diff reasons read as English: the right article, and no "SEQUENCE and SEQUENCE encode differently"."""

from extractor.diff.changes import _indefinite, _index_verdict


def test_articles():
    assert [
        _indefinite(word) for word in ("item", "alternative", "INTEGER", "UTF8String", "SEQUENCE", "7-bit string")
    ] == [
        "an item",
        "an alternative",
        "an INTEGER",
        "a UTF8String",
        "a SEQUENCE",
        "a 7-bit string",
    ]


def test_an_appended_item_is_an_item_not_a_item():
    _, reason = _index_verdict(["a", "b", "c"], ["a", "b", "c", "d"], "item", "by value")
    assert "rejects only an item it does not know" in reason


def test_a_component_retyped_to_another_sequence_says_what_differs():
    from extractor.diff.changes import diff_snapshots
    from extractor.schema.stored import load_files

    def snapshot(reference: str):
        text = (
            "M DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n"
            f"A ::= SEQUENCE {{ b {reference} }}\nP ::= SEQUENCE {{ c INTEGER(0..7) }}\nQ ::= SEQUENCE {{ c BOOLEAN }}\nEND\n"
        )
        return load_files("x", {"v1_1/ApplicationData.asn1": text})

    [change] = [change for change in diff_snapshots(snapshot("P"), snapshot("Q")) if change.path == "b"]
    assert change.reason == "both are SEQUENCE, but their contents encode differently"
