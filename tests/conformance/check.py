"""Conformance of the extractor against the corpus: ground-truth types and captured payloads.

Used by the conformance tests and by `make conformance` (`python -m tests.conformance.check`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import asn1tools

from extractor.errors import ExtractorError
from extractor.schema.extract import ExtractionResult, extract
from extractor.schema.output import write_folder
from extractor.wire.runtime.catalog import built_in_catalog, message_key
from extractor.wire.runtime.codec import decode_message, encode_message
from extractor.wire.runtime.errors import WireError
from extractor.wire.schemas import Schemas
from tests.asn1_structure import canonical
from tests.conformance.fixture import (
    EXTRA_TYPES,
    FIXTURE_OPTIONS,
    VERSIONS,
    ConformanceFixture,
    build_fixture,
    type_names,
)
from tests.corpus import corpus_path
from tests.factory import FactoryOptions, build_apk

COMPARED_KEYS = ("header", "reserved", "body", "applicationDataType", "applicationData")


@dataclass
class VersionReport:
    version: str
    types_equal: int = 0
    types_total: int = 0
    payloads_ok: int = 0
    payloads_total: int = 0
    problems: list[str] = field(default_factory=list)


def extract_fixture(fixture: ConformanceFixture, options: FactoryOptions = FIXTURE_OPTIONS) -> ExtractionResult:
    return extract([build_apk(list(fixture.sources), options)])


def compare_types(fixture: ConformanceFixture, result: ExtractionResult, reports: dict[str, VersionReport]) -> None:
    """Every ground-truth type has an extracted type of the same name, at the class the fixture placed
    it, structurally equal; index.json maps it back to that class. No module holds a type the fixture
    does not expect."""
    index = json.loads(result.files["index.json"])["types"]
    _report_extra_types(fixture, result, reports)
    for (version, file_name), text in sorted(fixture.ground_truth.items()):
        report = reports[version]
        (truth,) = [module["types"] for module in asn1tools.parse_string(text).values()]
        extracted_text = result.files.get(f"{version}/{file_name}")
        extracted = {}
        if extracted_text is not None:
            (extracted,) = [module["types"] for module in asn1tools.parse_string(extracted_text).values()]
        names = {entry["java_class"]: entry["name"] for entry in index if entry["file"] == f"{version}/{file_name}"}
        for name, type_ in truth.items():
            report.types_total += 1
            java_class = fixture.placements[(version, file_name)][name]
            extracted_name = names.get(java_class)
            if extracted_name != name:
                report.problems.append(
                    f"{version}/{file_name} {name}: index.json names {java_class} {extracted_name!r}"
                )
            elif canonical(type_, truth) != canonical(extracted[name], extracted):
                report.problems.append(
                    f"{version}/{file_name} {name}: expected {canonical(type_, truth)} got {canonical(extracted[name], extracted)}"
                )
            else:
                report.types_equal += 1


def _report_extra_types(
    fixture: ConformanceFixture, result: ExtractionResult, reports: dict[str, VersionReport]
) -> None:
    for path, text in sorted(result.files.items()):
        if not path.endswith(".asn1"):
            continue
        version, file_name = path.split("/")
        truth = fixture.ground_truth.get((version, file_name))
        expected = set(type_names(truth)) if truth else set()
        expected |= EXTRA_TYPES.get((version, file_name), set())
        extra = sorted(set(type_names(text)) - expected)
        if extra:
            report = reports.setdefault(version, VersionReport(version))
            report.problems.append(f"{path}: types the ground truth does not have: {', '.join(extra)}")


def round_trip_payloads(corpus: Path, schema_folder: Path, reports: dict[str, VersionReport]) -> None:
    """Every payload decodes with the extracted schemas only, to its `.decoded.json`, and re-encodes exactly."""
    manifest = json.loads((corpus / "payloads" / "manifest.json").read_text(encoding="utf-8"))
    schemas = Schemas(schema_folder)
    for entry in manifest["payloads"]:
        report = reports[entry["version"]]
        report.payloads_total += 1
        text = (corpus / "payloads" / entry["file"]).read_text(encoding="utf-8").strip()
        expected = json.loads((corpus / "payloads" / entry["decoded"]).read_text(encoding="utf-8"))
        try:
            decoded = decode_message(text, schemas).to_json()
            encoded = encode_message(decoded, schemas)
        except (ExtractorError, WireError) as error:  # a report line, not a crash: the table counts it as failed
            report.problems.append(f"{entry['file']}: {type(error).__name__}: {error}")
            continue
        wrong = [key for key in COMPARED_KEYS if decoded.get(key) != expected.get(key)]
        if wrong:
            report.problems.append(f"{entry['file']}: decoded {', '.join(wrong)} differ from {entry['decoded']}")
        elif encoded != text:
            report.problems.append(f"{entry['file']}: re-encoding differs")
        else:
            report.payloads_ok += 1


@dataclass(frozen=True)
class LeftOut:
    """One payload identified with every catalog entry for its message removed."""

    payload: str
    truth: str | None
    truth_direction: str
    chosen: str | None
    choice: str
    direction: str
    rule: str | None
    confidence: str | None

    @property
    def correct(self) -> bool:
        """Ground-truth type by inference, never by the catalog or a tie broken by name (an `ambiguous`
        message is right when a rule put the ground truth first), and the right direction."""
        if self.truth is None:
            return (self.chosen, self.choice, self.direction) == (None, "none", self.truth_direction)
        ranked = self.choice == "inferred" or (self.choice == "ambiguous" and self.rule is not None)
        return ranked and (self.chosen, self.direction) == (self.truth, self.truth_direction)


def leave_one_out(corpus: Path, schema_folder: Path) -> list[LeftOut]:
    """Every corpus payload decoded with the catalog minus every entry for its (applicationID, messageID,
    applicationDataProtocolVersion): what a user gets for a message the catalog has never seen."""
    manifest = json.loads((corpus / "payloads" / "manifest.json").read_text(encoding="utf-8"))
    schemas = Schemas(schema_folder)
    results = []
    for entry in manifest["payloads"]:
        key = message_key(entry["applicationID"], entry["messageID"], entry["applicationDataProtocolVersion"])
        text = (corpus / "payloads" / entry["file"]).read_text(encoding="utf-8").strip()
        identification = decode_message(text, schemas, catalog=built_in_catalog().without(key)).identification
        results.append(
            LeftOut(
                payload=entry["file"],
                truth=entry["applicationDataType"],
                truth_direction=entry["direction"],
                chosen=identification.type_name,
                choice=identification.choice,
                direction=identification.message_direction,
                rule=identification.rule,
                confidence=identification.confidence,
            )
        )
    return results


def run(corpus: Path, out: Path | None = None) -> tuple[list[VersionReport], list[LeftOut]]:
    """The reports per version and leave-one-out; `out` keeps the extraction (the schemas the README's
    examples decode with)."""
    fixture = build_fixture(corpus)
    result = extract_fixture(fixture)
    reports = {version: VersionReport(version) for version in VERSIONS}
    compare_types(fixture, result, reports)
    with tempfile.TemporaryDirectory() as scratch:
        folder = out or Path(scratch) / "schemas"
        write_folder(folder, result.files)
        round_trip_payloads(corpus, folder, reports)
        left_out = leave_one_out(corpus, folder)
    return list(reports.values()), left_out


def print_leave_one_out(results: list[LeftOut]) -> bool:
    """The table of payloads with application data, and the totals; True when every payload is right."""
    with_data = [result for result in results if result.truth is not None]
    print("\nleave-one-out identification: each payload's catalog entries removed")
    width = max(len(result.payload) for result in with_data)
    print(f"{'payload':<{width}}  {'ground truth':<28}  {'chosen':<8}  {'decided by':<16}  confidence")
    for result in with_data:
        chosen = "=" if result.correct else f"{result.chosen} ({result.choice})"
        print(
            f"{result.payload:<{width}}  {result.truth:<28}  {chosen:<8}  {result.rule or '-':<16}  {result.confidence}"
        )
    right = sum(result.correct for result in with_data)
    directions = sum(result.direction == result.truth_direction for result in results)
    print(
        f"types: {right} / {len(with_data)} ({100 * right // len(with_data)}%), directions: {directions} / {len(results)}"
    )
    return right == len(with_data) and all(result.correct for result in results)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make conformance", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the extracted schemas in this folder")
    options = parser.parse_args(arguments)
    corpus = corpus_path()
    if not (corpus / "payloads" / "manifest.json").is_file():
        print(f"no corpus at {corpus} (set SAIC_CORPUS)", file=sys.stderr)
        return 2
    reports, left_out = run(corpus, options.out)
    print_versions(reports)
    identified = print_leave_one_out(left_out)
    return 1 if any(report.problems for report in reports) or not identified else 0


def print_versions(reports: list[VersionReport]) -> None:
    """The table of types and payloads per version, then every problem found."""
    print(f"{'version':<8} {'types equal':>12} {'payloads round-tripped':>24}")
    for report in reports:
        types = f"{report.types_equal:>5} / {report.types_total:<4}"
        print(f"{report.version:<8} {types} {report.payloads_ok:>15} / {report.payloads_total}")
    for report in reports:
        for problem in report.problems:
            print(f"  - {problem}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
