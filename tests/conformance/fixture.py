"""The conformance fixture: the corpus's ground-truth schemas laid out like the real app.

Built at test time from the corpus `tests/corpus.py` finds (the APK is never committed). Layout, per
app-model.md: a package per version; areas and revision sub-packages; upstream class and annotation names (with `_`, some starting
with lowercase `mp`); the two different v1_1 `Message`/`ContentId`/`Timestamp` classes (the ones the
captured traffic needs are v1_2 classes used by v1_1 messages, the older ones sit in the revision
sub-package `message.v1_0`); a module class per module (`ASN1Module`, as the BinaryNotes generator
writes it), annotations of other libraries on the message classes and fields, a plain helper class per
module in the version packages; annotation interfaces
in `classes.dex`, messages over further dex files, filler classes in other packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import asn1tools

from tests.factory import FactoryOptions, ModuleSource, TypePlacement

PREFIX = "com.saicmotor.telematics.tsgp.otaadapter.mp"
VERSIONS = ("v1_1", "v2_1", "v3_0")
FILES = ("MP_DispatcherHeader.asn1", "MP_DispatcherBody.asn1", "ApplicationData.asn1")
AREAS = {
    "AlarmSwitchReq": "alarm",
    "AlarmSwitch": "alarm",
    "MPAlarmSettingType": "alarm",
    "MPSecurityAlarmResp": "alarm",
    "SecurityAlarm": "alarm",
    "MPUserLoggingInReq": "login.v2_1",
    "MPUserLoggingInResp": "login",
    "MPUserInfoResp": "login",
    "PINVerificationReq": "login",
    "VinInfo": "login",
    "LanguageType": "login",
    "APPUpgradeInfoReq": "software",
    "APPUpgradeInfoResp": "software",
    "APPType": "software",
    "MPAppAttributeResp": "software",
    "AdvertiseResp": "advertise",
    "Advertise": "advertise",
    "AbortSendMessageReq": "message",
    "MessageListReq": "message",
    "MessageListResp": "message",
    "GetUnreadMessageCountResp": "message",
    "SetNotificationCountReq": "message",
    "StartEndNumber": "message",
    "OTARVCReq": "remoteControl",
    "OTARVCStatus25857": "remoteControl",
    "RvcReqParam": "remoteControl",
    "RvsChargingStatus": "charging",
}
# Classes of another version package that v1_1 messages use.
V1_2_CLASSES = {"Message": "message", "ContentId": "message", "Timestamp": "common"}
LOWERCASE_MP = {
    "MPUserInfoResp": "mpUserInfoResp",
    "MPAppAttributeResp": "mpAppAttributeResp",
    "MPSecurityAlarmResp": "mpSecurityAlarmResp",
}
LEGACY_PACKAGE = "message.v1_0"
# Types the extraction holds beyond the ground truth, by (version, file): the older v1_1 definitions,
# renamed by their revision package because the v1_2 classes keep the names, and the v1_2 classes
# themselves, which make a v1_2 version of their own.
EXTRA_TYPES = {
    ("v1_1", "ApplicationData.asn1"): {"MessageV10", "ContentIdV10"},
    ("v1_2", "ApplicationData.asn1"): set(V1_2_CLASSES),
}
FIXTURE_OPTIONS = FactoryOptions(
    dex_count=3,
    filler_classes=300,
    package="com.saicmotor.ismart.conformance",
    version_name="3.1.0-corpus",
    version_code=310,
    module_classes=True,
    foreign_annotations=True,
    plain_classes=True,
)


@dataclass(frozen=True)
class ConformanceFixture:
    sources: tuple[ModuleSource, ...]
    # (version, file name) → {ASN.1 type name → Java class the fixture placed it at}.
    placements: dict[tuple[str, str], dict[str, str]]
    # (version, file name) → ground-truth module text.
    ground_truth: dict[tuple[str, str], str]


def build_fixture(corpus: Path) -> ConformanceFixture:
    sources: list[ModuleSource] = []
    placements: dict[tuple[str, str], dict[str, str]] = {}
    ground_truth: dict[tuple[str, str], str] = {}
    for version in VERSIONS:
        upstream = _upstream_names(corpus / "schemas-upstream" / version)
        for file_name in FILES:
            text = (corpus / "schemas" / version / file_name).read_text(encoding="utf-8")
            ground_truth[(version, file_name)] = text
            module_placements = {name: _placement(version, file_name, name, upstream) for name in type_names(text)}
            placements[(version, file_name)] = {name: p.java_class for name, p in module_placements.items()}
            sources.append(ModuleSource(version, text, module_placements))
    sources.append(_legacy_v1_1_module(corpus))
    return ConformanceFixture(tuple(sources), placements, ground_truth)


def type_names(text: str) -> list[str]:
    (module,) = asn1tools.parse_string(text).values()
    return list(module["types"])


def _upstream_names(folder: Path) -> dict[str, str]:
    """Community name → upstream (app) name, e.g. `MPDispatcherBody` → `MP_DispatcherBody`."""
    names: dict[str, str] = {}
    for path in sorted(folder.glob("*.asn1")):
        for name in re.findall(r"^\s*([A-Za-z][\w-]*)\s*::=", path.read_text(encoding="utf-8"), re.MULTILINE):
            names.setdefault(name.replace("_", ""), name)
    return names


def _placement(version: str, file_name: str, name: str, upstream: dict[str, str]) -> TypePlacement:
    annotation_name = LOWERCASE_MP.get(name, upstream.get(name, name))
    if file_name != "ApplicationData.asn1":
        return TypePlacement(f"{PREFIX}.{version}.entity.dispatcher.{annotation_name}", annotation_name)
    if version == "v1_1" and name in V1_2_CLASSES:
        return TypePlacement(f"{PREFIX}.v1_2.entity.{V1_2_CLASSES[name]}.{annotation_name}", annotation_name)
    area = AREAS.get(name, "vehicle" if version == "v2_1" else "charging" if version == "v3_0" else "misc")
    return TypePlacement(f"{PREFIX}.{version}.entity.{area}.{annotation_name}", annotation_name)


def _legacy_v1_1_module(corpus: Path) -> ModuleSource:
    """The first (older) definitions of the v1_1 names that upstream defines twice."""
    upstream = (corpus / "schemas-upstream" / "v1_1" / "ApplicationData.asn1").read_text(encoding="utf-8")
    blocks = []
    for name in V1_2_CLASSES:
        match = re.search(rf"^{name} ::= SEQUENCE\s*\{{.*?^\}}", upstream, re.MULTILINE | re.DOTALL)
        if match is None:
            raise ValueError(f"upstream v1_1 schema has no {name}")
        blocks.append(match.group(0))
    text = "LegacyMessageModule DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n" + "\n".join(blocks) + "\nEND\n"
    placements = {name: TypePlacement(f"{PREFIX}.v1_1.entity.{LEGACY_PACKAGE}.{name}", name) for name in V1_2_CLASSES}
    return ModuleSource("v1_1", text, placements)
