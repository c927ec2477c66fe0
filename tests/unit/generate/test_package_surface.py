"""What a user of a generated package sees: its public names and the constructor of `Message`."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from tests.generated_client import generate_package, imported_package

SAMPLE = Path(__file__).resolve().parents[3] / "generated_schemas" / "sample"
PACKAGE = "surface_client"


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = generate_package(SAMPLE, tmp_path_factory.mktemp("surface"), PACKAGE)
    with imported_package(out, PACKAGE) as module:
        yield module


@pytest.mark.parametrize("version", ["v1_1", "v1_2", "v2_1", "v3_0"])
def test_a_star_import_of_a_version_module_gives_its_classes_and_nothing_else(package, version):
    namespace: dict[str, object] = {}
    exec(f"from {PACKAGE}.{version} import *", namespace)  # noqa: S102 (the import a user writes)
    exported = {name for name in namespace if name != "__builtins__"}
    assert "annotations" not in exported and "MPDispatcherBody" in exported
    module = importlib.import_module(f"{PACKAGE}.{version}")
    major, minor = version[1:].split("_")
    lower = [getattr(package, f"v{major}_{number}", None) for number in range(int(minor))]
    # Each exported name is a type the module defines (a class, or an alias: a string naming its target), or
    # one its protocol version takes from a lower minor version, the same object as there.
    assert all(
        isinstance(value, str)
        or value.__module__ == module.__name__
        or any(getattr(other, name, None) is value for other in lower)
        for name, value in ((name, getattr(module, name)) for name in exported)
    )


def test_message_takes_what_a_message_is_and_not_what_decode_kept(package):
    assert list(inspect.signature(package.Message).parameters) == [
        "header",
        "body",
        "application_data",
        "application_data_type",
        "reserved",
    ]
    with pytest.raises(TypeError):
        package.Message(header=package.Header(protocol_version=0x21), body=None, decoded=None)
    assert "decoded" not in repr(package.Message(header=package.Header(protocol_version=0x21), body=None))
