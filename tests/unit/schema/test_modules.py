from extractor.model import (
    Component,
    IntegerType,
    SequenceOfType,
    SequenceType,
    TypeDefinition,
    TypeReference,
)
from extractor.schema.modules import build_versions
from tests.records import entity


def definition(java_class, name, type_, version="v1_1", kind="SEQUENCE"):
    return TypeDefinition(java_class, name, kind, type_, version)


def sequence(*references):
    return SequenceType(tuple(Component(f"c{index}", TypeReference(ref)) for index, ref in enumerate(references)))


def by_class(definitions):
    return {item.java_class: item for item in definitions}


def test_dispatcher_closures_get_their_own_modules_and_the_rest_is_application_data():
    header = entity("MP_DispatcherHeader", area="dispatcher")
    body = entity("MP_DispatcherBody", area="dispatcher")
    counter = entity("MessageCounter", area="dispatcher")
    login = entity("MP_UserLoggingInReq", area="login")
    definitions = by_class(
        [
            definition(header, "MP_DispatcherHeader", SequenceType(())),
            definition(body, "MP_DispatcherBody", sequence(counter)),
            definition(counter, "MessageCounter", SequenceType(())),
            definition(login, "MP_UserLoggingInReq", SequenceType(())),
        ]
    )
    (version,) = build_versions(definitions)
    modules = {module.file_name: module for module in version.modules}
    assert list(modules) == ["MP_DispatcherHeader.asn1", "MP_DispatcherBody.asn1", "ApplicationData.asn1"]
    assert [a.name for a in modules["MP_DispatcherBody.asn1"].assignments] == ["MPDispatcherBody", "MessageCounter"]
    assert modules["MP_DispatcherHeader.asn1"].name == "MPDispatcherHeaderModule"
    assert [a.name for a in modules["ApplicationData.asn1"].assignments] == ["MPUserLoggingInReq"]


def test_modules_include_types_of_other_versions_they_use():
    user = entity("AbortReq", "v1_1")
    shared = entity("Timestamp", "v1_2")
    definitions = by_class(
        [definition(user, "AbortReq", sequence(shared)), definition(shared, "Timestamp", SequenceType(()), "v1_2")]
    )
    versions = {version.version: version for version in build_versions(definitions)}
    assert [a.java_class for a in versions["v1_1"].modules[0].assignments] == [user, shared]
    assert [a.java_class for a in versions["v1_2"].modules[0].assignments] == [shared]


def test_different_classes_of_one_name_get_distinct_names():
    first = entity("Message", area="message")
    second = "com.saicmotor.telematics.tsgp.otaadapter.mp.v1_1.entity.message.v1_2.Message"
    definitions = by_class(
        [
            definition(first, "Message", SequenceType((Component("a", IntegerType()),))),
            definition(second, "Message", SequenceType((Component("b", IntegerType()),))),
            definition(entity("User"), "User", sequence(first, second)),
        ]
    )
    module = build_versions(definitions)[0].modules[0]
    assert module.names_by_class() == {entity("User"): "User", first: "Message", second: "MessageV12"}


def test_the_class_the_module_uses_keeps_the_name():
    unused = entity("Message", area="message")
    used = "com.saicmotor.telematics.tsgp.otaadapter.mp.v1_2.entity.message.Message"
    definitions = by_class(
        [
            definition(unused, "Message", SequenceType((Component("a", IntegerType()),))),
            definition(used, "Message", SequenceType((Component("b", IntegerType()),)), "v1_2"),
            definition(entity("ListResp"), "ListResp", sequence(used)),
        ]
    )
    v1_1 = next(version for version in build_versions(definitions) if version.version == "v1_1")
    assert v1_1.modules[0].names_by_class() == {entity("ListResp"): "ListResp", used: "Message", unused: "MessageV11"}


def test_identical_classes_of_one_name_merge_even_through_references():
    content_a, content_b = entity("ContentId", area="a"), entity("ContentId", area="b")
    message_a, message_b = entity("Message", area="a"), entity("Message", area="b")
    definitions = by_class(
        [
            definition(content_a, "ContentId", SequenceType((Component("id", IntegerType()),))),
            definition(content_b, "ContentId", SequenceType((Component("id", IntegerType()),))),
            definition(message_a, "Message", SequenceType((Component("c", SequenceOfType(TypeReference(content_a))),))),
            definition(message_b, "Message", SequenceType((Component("c", SequenceOfType(TypeReference(content_b))),))),
            definition(entity("User"), "User", sequence(message_a, message_b)),
        ]
    )
    module = build_versions(definitions)[0].modules[0]
    assert sorted(a.name for a in module.assignments) == ["ContentId", "Message", "User"]
    assert dict(module.merged_classes) == {content_b: content_a, message_b: message_a}
    user = next(a for a in module.assignments if a.name == "User")
    assert user.type == sequence(message_a, message_a)
    assert module.names_by_class()[message_b] == "Message"
