"""The committed sample APK: original ASN.1 for v1_1, v1_2, v2_1 and v3_0, placed the way the iSmart app places it."""

from pathlib import Path

from tests.factory import FactoryOptions, ModuleSource, TypePlacement
from tests.factory.spec import VERSION_PACKAGE_PREFIX

ASN1_DIR = Path(__file__).parent / "asn1"

SAMPLE_OPTIONS = FactoryOptions(
    package="com.saicmotor.ismart.sample",
    version_code=100,
    version_name="1.0.0-sample",
    dex_count=3,
    filler_classes=200,
    module_classes=True,
    foreign_annotations=True,
)


def _at(java_class: str, annotation_name: str | None = None) -> TypePlacement:
    """java_class is relative to the version packages' prefix; the annotation name defaults to its simple name."""
    simple_name = java_class.rsplit(".", 1)[-1]
    return TypePlacement(f"{VERSION_PACKAGE_PREFIX}.{java_class}", annotation_name or simple_name)


def _dispatcher(version: str, main_type: str, *other_types: str) -> dict[str, TypePlacement]:
    """A dispatcher module: its main type under the upstream name with '_', every type in the dispatcher area."""
    area = f"{version}.entity.dispatcher"
    upstream_name = main_type.replace("MPDispatcher", "MP_Dispatcher")
    return {main_type: _at(f"{area}.{upstream_name}"), **{name: _at(f"{area}.{name}") for name in other_types}}


# (version, file stem) -> ASN.1 type -> placement. Annotation names are the ASN.1 names in upstream spelling
# ('_' after MP/OTA, lowercase 'mp'), so an extractor that undoes that spelling gets the sources back.
_PLACEMENTS: dict[tuple[str, str], dict[str, TypePlacement]] = {
    ("v1_1", "MP_DispatcherHeader"): _dispatcher("v1_1", "MPDispatcherHeader", "BodyEncoding"),
    ("v1_1", "MP_DispatcherBody"): _dispatcher(
        "v1_1", "MPDispatcherBody", "MessageCounters", "GeoPoint", "PayloadEncoding"
    ),
    ("v1_1", "ApplicationData"): {
        "MPUserLoggingInReq": _at("v1_1.entity.login.v2_1.MP_UserLoggingInReq", "mpUserLoggingInReq"),
        "MPUserLoggingInResp": _at("v1_1.entity.login.MP_UserLoggingInResp"),
        "VehicleBrief": _at("v1_1.entity.login.VehicleBrief"),
        "Language": _at("v1_1.entity.login.Language"),
        "MessageListResp": _at("v1_1.entity.message.MessageListResp"),
        "Message": _at("v1_1.entity.message.Message"),
        # v1_1 messages use the v1_2 class, which the v1_2 module defines identically.
        "Timestamp": _at("v1_2.entity.message.Timestamp"),
    },
    ("v1_1", "MessageCenter"): {
        "AbortSendMessageReq": _at("v1_1.entity.message.v1_2.AbortSendMessageReq"),
        # Same simple name as v1_1.entity.message.Message, different fields.
        "Message": _at("v1_1.entity.message.v1_2.Message"),
    },
    ("v1_2", "MP_DispatcherHeader"): _dispatcher("v1_2", "MPDispatcherHeader"),
    ("v1_2", "MP_DispatcherBody"): _dispatcher("v1_2", "MPDispatcherBody"),
    ("v1_2", "ApplicationData"): {
        "Timestamp": _at("v1_2.entity.message.Timestamp"),
        "AlarmSwitchReq": _at("v1_2.entity.alarm.AlarmSwitchReq"),
        "AlarmSwitchList": _at("v1_2.entity.alarm.AlarmSwitchList"),
        "AlarmSwitch": _at("v1_2.entity.alarm.AlarmSwitch"),
        "AlarmType": _at("v1_2.entity.alarm.MP_AlarmSettingType", "AlarmType"),
        "VehicleProfile": _at("v1_2.entity.vehicle.VehicleProfile"),
    },
    ("v2_1", "MP_DispatcherHeader"): _dispatcher("v2_1", "MPDispatcherHeader"),
    ("v2_1", "MP_DispatcherBody"): _dispatcher("v2_1", "MPDispatcherBody", "PayloadEncoding"),
    ("v2_1", "ApplicationData"): {
        "OTARVCReq": _at("v2_1.entity.remoteControl.OTA_RVCReq"),
        "RemoteCommand": _at("v2_1.entity.remoteControl.RemoteCommand"),
        "ClimateRequest": _at("v2_1.entity.remoteControl.ClimateRequest"),
        "RvcParam": _at("v2_1.entity.remoteControl.RvcReqParam", "RvcParam"),
        "OTARVCStatus": _at("v2_1.entity.remoteControl.OTA_RVCStatus"),
        "RvsPosition": _at("v2_1.entity.vehicle.RvsPosition"),
        "Timestamp4Short": _at("v2_1.entity.vehicle.Timestamp4Short"),
        "RemoteCommandAck": _at("v2_1.entity.remoteControl.RemoteCommandAck"),
        "LastKnownPosition": _at("v2_1.entity.vehicle.LastKnownPosition"),
    },
    ("v3_0", "MP_DispatcherHeader"): _dispatcher("v3_0", "MPDispatcherHeader"),
    ("v3_0", "MP_DispatcherBody"): _dispatcher("v3_0", "MPDispatcherBody", "PayloadEncoding"),
    ("v3_0", "ApplicationData"): {
        "OTAChrgMangDataResp": _at("v3_0.entity.charging.OTA_ChrgMangDataResp"),
        "ChargingState": _at("v3_0.entity.charging.ChargingState"),
        "Percentage": _at("v3_0.entity.charging.Percentage"),
        "ChargingWindow": _at("v3_0.entity.charging.ChargingWindow"),
        "ChargingStatus": _at("v3_0.entity.charging.RvsChargingStatus", "ChargingStatus"),
        "OTAChrgCtrlReq": _at("v3_0.entity.charging.OTA_ChrgCtrlReq"),
    },
}


def sample_modules() -> list[ModuleSource]:
    return [
        ModuleSource(version, (ASN1_DIR / version / f"{stem}.asn1").read_text(encoding="utf-8"), placements)
        for (version, stem), placements in _PLACEMENTS.items()
    ]
