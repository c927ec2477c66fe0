"""The Python package name `regenerate` gives a release's client, worked out from the Android package: the
`com.saicmotor.` prefix dropped, segments joined by `_`, lower case; anything that is no Python package
name (a keyword, a leading digit, nothing left) falls back to `saic_client`."""

from __future__ import annotations

import pytest

from extractor.generate.pymodel import python_package_name


@pytest.mark.parametrize(
    ("android_package", "expected"),
    [
        ("com.saicmotor.ismart.sample", "ismart_sample"),
        ("com.saicmotor.telematics", "telematics"),
        ("org.Example.App", "org_example_app"),
        ("com.saicmotor.my-app.v2", "my_app_v2"),
        ("com.saicmotor._private_.x", "private__x"),
        ("com.saicmotor.ß", "saic_client"),
        ("com.saicmotor.1st", "saic_client"),
        ("com.saicmotor.class", "saic_client"),
        ("com.saicmotor.match", "match"),
        ("com.saicmotor.v2", "v2"),
        ("com.saicmotor.-", "saic_client"),
        ("com.saicmotor.", "saic_client"),
    ],
)
def test_python_package_name(android_package, expected):
    assert python_package_name(android_package) == expected
