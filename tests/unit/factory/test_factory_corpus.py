"""The factory builds the real corpus schemas (found by the one corpus locator, tests/corpus.py)."""

import asn1tools
import pytest

from tests.corpus import require_corpus
from tests.factory import ModuleSource, TypePlacement, build_dex_files
from tests.factory.dexdump import dump_classes
from tests.factory.spec import version_package

# Slow (left out of `make test-fast`): builds an APK per corpus version.
pytestmark = pytest.mark.slow


def corpus_modules(version: str) -> list[ModuleSource]:
    """Dispatcher files place all their types in the dispatcher area, as the app does; this also keeps v1_1's
    two different LanguageType definitions apart."""
    modules = []
    for path in sorted((require_corpus() / "schemas" / version).glob("*.asn1")):
        text = path.read_text(encoding="utf-8")
        placements = {}
        if path.stem.startswith("MP_Dispatcher"):
            [module] = asn1tools.parse_string(text).values()
            placements = {
                name: TypePlacement(f"{version_package(version)}.entity.dispatcher.{name}", name)
                for name in module["types"]
            }
        modules.append(ModuleSource(version, text, placements))
    return modules


@pytest.mark.parametrize("version", ["v1_1", "v2_1", "v3_0"])
def test_corpus_version_builds(version):
    modules = corpus_modules(version)
    assert len(modules) == 3
    [dex] = build_dex_files(modules)
    classes = dump_classes(dex)
    misc = f"L{version_package(version).replace('.', '/')}/entity/misc"
    dispatcher = f"L{version_package(version).replace('.', '/')}/entity/dispatcher"
    assert f"{dispatcher}/MPDispatcherBody;" in classes
    if version == "v1_1":
        languages = {frozenset(classes[f"{area}/LanguageType$EnumType;"].field_types) for area in (misc, dispatcher)}
        assert len(languages) == 2
    else:
        status = "OTARVMVehicleStatusResp25857" if version == "v2_1" else "OTAChrgMangDataResp"
        field = "mGpsPosition" if version == "v2_1" else "mChargeStatus"
        lines = classes[f"{misc}/{status};"].field_annotations[field]
        assert any(line.endswith("/ASN1SizeConstraint; max=1") for line in lines)
