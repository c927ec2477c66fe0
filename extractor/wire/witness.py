"""A second UPER decoder as witness: pycrate decodes what asn1tools decoded, from the same modules.

pycrate (strict X.680, a PER runtime of its own) compiles all modules of a version folder in one
compile and generates Python, which is imported. Every message's dispatcher body and application data
is decoded by pycrate too; both decodes are brought to one form of our own (the libraries represent
BIT STRING, NULL, OBJECT IDENTIFIER and REAL differently) and compared field by field, and pycrate's
re-encoding must give the captured bytes. pycrate is an optional extra, imported here only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import InputError, ValidationError
from .runtime.codec import APPLICATION_DATA_FILE, BODY_FILE, BODY_TYPE, DecodedMessage
from .runtime.errors import one_line
from .runtime.frames import parse_frame
from .schemas import Schemas

MISSING_PYCRATE = "the pycrate witness needs pycrate: pip install 'saic-asn1-extractor[witness]'"
MODULE_NAME = re.compile(r"^([A-Za-z][\w-]*)\s+DEFINITIONS\b", re.MULTILINE)
# Differences reported per message; the first ones say where the decoders part.
SHOWN_DIFFERENCES = 3


class PycrateWitness:
    """pycrate's view of one extraction output folder, compiled version by version on first use."""

    def __init__(self, schemas: Schemas) -> None:
        try:
            import pycrate_asn1c.asnproc  # noqa: F401
        except ImportError:
            raise InputError(MISSING_PYCRATE) from None
        self.schemas = schemas
        self._generated: dict[str, tuple[ModuleType, dict[str, str]]] = {}

    def disagreements(self, text: str, message: DecodedMessage) -> list[str]:
        """Where pycrate's decode or re-encoding of a message differs from asn1tools' (empty: they agree)."""
        payload = parse_frame(text).payload
        body = self.type_object(message.schema_version, BODY_FILE, BODY_TYPE)
        problems = self._compare("body", body, payload, message.body, payload[: message.body_size])
        if message.application_data_type is not None:
            protocol_version = message.header["protocolVersion"]
            version, _ = self.schemas.find(protocol_version, APPLICATION_DATA_FILE, message.application_data_type)
            data_type = self.type_object(version, APPLICATION_DATA_FILE, message.application_data_type)
            data = payload[message.body_size :]
            problems += self._compare("applicationData", data_type, data, message.application_data, data)
        return problems

    def _compare(self, where: str, type_object: Any, data: bytes, expected: Any, encoding: bytes) -> list[str]:
        """pycrate decodes `data` (its value may be followed by more bytes) and must re-encode to `encoding`."""
        try:
            type_object.from_uper(data)
            value = type_object.get_val()
            encoded = type_object.to_uper()
        except Exception as error:  # noqa: BLE001 -- pycrate raises its own errors and plain Python ones alike on bad bytes
            return [f"{where}: pycrate cannot decode it as {type_object._name}: {one_line(error)}"]
        problems = differences(where, asn1tools_form(expected), pycrate_form(type_object, value))
        if not problems and encoded != encoding:
            problems.append(f"{where}: pycrate re-encodes {len(encoding)} bytes as {encoded.hex().upper()}")
        return problems[:SHOWN_DIFFERENCES]

    def type_object(self, version: str, file_name: str, type_name: str) -> Any:
        """pycrate's object for a type of a module file, e.g. (`v2_1`, `MP_DispatcherBody.asn1`, `MPDispatcherBody`)."""
        generated, module_names = self._version(version)
        return getattr(getattr(generated, module_names[file_name]), type_name.replace("-", "_"))

    def _version(self, version: str) -> tuple[ModuleType, dict[str, str]]:
        if version not in self._generated:
            self._generated[version] = _generate(self.schemas.folder / version, version)
        return self._generated[version]


def _generate(folder: Path, version: str) -> tuple[ModuleType, dict[str, str]]:
    """Compile every module of a version folder at once, generate pycrate's Python and import it."""
    from pycrate_asn1c.asnproc import GLOBAL, PycrateGenerator, compile_text, generate_modules

    paths = sorted(folder.glob("*.asn1"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    module_names = {}
    for path, text in zip(paths, texts):
        match = MODULE_NAME.search(text)
        if match is None:
            raise ValidationError(f"{version}/{path.name}: no module definition")
        module_names[path.name] = match.group(1).replace("-", "_")
    GLOBAL.clear()
    # pycrate prints its progress; the witness reports only its verdict.
    with contextlib.redirect_stdout(io.StringIO()), tempfile.TemporaryDirectory() as scratch:
        try:
            compile_text(texts, filenames=[path.name for path in paths])
            destination = Path(scratch) / f"pycrate_{version}.py"
            generate_modules(PycrateGenerator, str(destination))
        except Exception as error:  # noqa: BLE001 -- pycrate raises its own errors and plain Python ones alike
            raise ValidationError(f"{version}: does not compile with pycrate: {one_line(error)}") from None
        finally:
            GLOBAL.clear()
        spec = importlib.util.spec_from_file_location(f"saic_asn1_pycrate_{version}", destination)
        assert spec is not None and spec.loader is not None
        generated = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(generated)
    return generated, module_names


def asn1tools_form(value: Any) -> Any:
    """asn1tools' value in the common form; its Python types tell the ASN.1 types apart."""
    if isinstance(value, bool):
        return ("BOOLEAN", value)
    if isinstance(value, bytes):
        return ("OCTET STRING", value.hex().upper())
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bytes):
        bits = "".join(f"{byte:08b}" for byte in value[0])
        return ("BIT STRING", bits[: value[1]])
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return ("CHOICE", value[0], asn1tools_form(value[1]))
    if isinstance(value, dict):
        return {name: asn1tools_form(item) for name, item in value.items()}
    if isinstance(value, list):
        return [asn1tools_form(item) for item in value]
    if isinstance(value, float):
        return ("REAL", value)
    return value


def pycrate_form(type_object: Any, value: Any) -> Any:
    """pycrate's value in the common form, read along its type object (its tuples alone are ambiguous)."""
    kind = type_object.TYPE
    if kind in ("SEQUENCE", "SET"):
        return {name: pycrate_form(type_object._cont[name], item) for name, item in value.items()}
    if kind == "CHOICE":
        name, item = value
        return ("CHOICE", name, pycrate_form(type_object._cont[name], item))
    if kind in ("SEQUENCE OF", "SET OF"):
        return [pycrate_form(type_object._cont, item) for item in value]
    if kind == "BIT STRING":
        number, length = value
        return ("BIT STRING", format(number, f"0{length}b") if length else "")
    if kind in ("OCTET STRING", "ANY"):
        return ("OCTET STRING", value.hex().upper())
    if kind == "BOOLEAN":
        return ("BOOLEAN", value)
    if kind == "NULL":
        return None
    if kind == "OBJECT IDENTIFIER":
        return ".".join(str(arc) for arc in value)
    if kind == "REAL":
        mantissa, base, exponent = value
        return ("REAL", float(mantissa) * float(base) ** exponent)
    return value


def differences(path: str, asn1tools_value: Any, pycrate_value: Any) -> list[str]:
    """`field.path: asn1tools …, pycrate …` for every place two values in the common form differ."""
    if isinstance(asn1tools_value, dict) and isinstance(pycrate_value, dict):
        found = []
        for name in [*asn1tools_value, *(name for name in pycrate_value if name not in asn1tools_value)]:
            if name not in pycrate_value:
                found.append(f"{path}.{name}: asn1tools {_shown(asn1tools_value[name])}, pycrate absent")
            elif name not in asn1tools_value:
                found.append(f"{path}.{name}: asn1tools absent, pycrate {_shown(pycrate_value[name])}")
            else:
                found += differences(f"{path}.{name}", asn1tools_value[name], pycrate_value[name])
        return found
    if (
        isinstance(asn1tools_value, list)
        and isinstance(pycrate_value, list)
        and len(asn1tools_value) == len(pycrate_value)
    ):
        return [
            problem
            for index, (left, right) in enumerate(zip(asn1tools_value, pycrate_value))
            for problem in differences(f"{path}[{index}]", left, right)
        ]
    if _is_choice(asn1tools_value) and _is_choice(pycrate_value) and asn1tools_value[1] == pycrate_value[1]:
        return differences(f"{path}.{asn1tools_value[1]}", asn1tools_value[2], pycrate_value[2])
    if asn1tools_value != pycrate_value:
        return [f"{path}: asn1tools {_shown(asn1tools_value)}, pycrate {_shown(pycrate_value)}"]
    return []


def _is_choice(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 3 and value[0] == "CHOICE"


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, tuple) and value and value[0] == "CHOICE":
        return f"alternative {value[1]}"
    if isinstance(value, tuple):
        return f"{value[0]} {value[1]!r}"
    if isinstance(value, dict):
        return "{" + ", ".join(value) + "}"
    return repr(value)
