"""Dex step: dex bytes → `ClassRecord`s. The only module that parses dex with androguard (read/manifest reads
the manifest with it, read/quiet_androguard quiets its logging).

androguard 4.1 returns encoded integers unsigned and leaves floats undecoded, and its `DEX` parses
every item of a file up front (seconds per app-sized dex) and finds annotation items by linear scans.
This module decodes values itself, and gives androguard a class manager that parses each item the
first time it is asked for, by offset, so only the target classes' items are ever read.

Bytes that cannot be decoded are a corrupt dex (`InputError`, exit 3): this module's own checks, and the
errors androguard raises on them. Anything else, and those same error types raised by this module's own
code, is a bug and propagates (exit 70), so that a fuzz test can tell the two apart.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Sequence
from typing import Any

from androguard.core.dex import (
    DEX,
    AnnotationItem,
    AnnotationsDirectoryItem,
    AnnotationSetItem,
    ClassDataItem,
    ClassDefItem,
    ClassManager,
    DalvikCode,
    EncodedAnnotation,
    EncodedArrayItem,
    EncodedMethod,
    EncodedValue,
    FieldIdItem,
    HeaderItem,
    InvalidInstruction,
    MethodIdItem,
    ProtoIdItem,
    StringDataItem,
    TypeList,
)
from androguard.core.dex.dex_types import Kind, Operand

from ..errors import InputError
from ..parallel import map_on_cores
from . import quiet_androguard  # noqa: F401  (undoes what importing androguard does to our streams)
from .classes import (
    Annotation,
    AnnotationValue,
    ClassRecord,
    DexClasses,
    EnumValue,
    FieldRecord,
    NonLiteral,
    StoredValue,
    TypeValue,
)
from .dex_check import check_dex
from .dex_scan import class_descriptors, packages_of
from .inputs import DexFile

# androguard's instruction operand: (an `Operand` kind, its value[, its text]).
DalvikOperand = tuple[Any, ...]

TARGET_PREFIXES = (
    b"Lcom/saicmotor/telematics/tsgp/otaadapter/mp/",
    b"Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/",
)
CLASS_DEF_SIZE = 32

VALUE_BYTE, VALUE_SHORT, VALUE_CHAR, VALUE_INT, VALUE_LONG = 0x00, 0x02, 0x03, 0x04, 0x06
VALUE_FLOAT, VALUE_DOUBLE = 0x10, 0x11
VALUE_STRING, VALUE_TYPE, VALUE_FIELD, VALUE_METHOD, VALUE_ENUM = 0x17, 0x18, 0x19, 0x1A, 0x1B
VALUE_ARRAY, VALUE_ANNOTATION, VALUE_NULL, VALUE_BOOLEAN = 0x1C, 0x1D, 0x1E, 0x1F
SIGNED_INTEGER_TYPES = {VALUE_BYTE, VALUE_SHORT, VALUE_INT, VALUE_LONG}
# What androguard raises on bytes it cannot decode (reads past a buffer, bad opcodes, bad values); they
# mean a corrupt dex only when raised inside androguard: raised by this module's own code they are bugs.
ANDROGUARD_DECODING_ERRORS = (InvalidInstruction, struct.error, ValueError, IndexError, KeyError, EOFError)

BOXING_METHODS = {
    "Ljava/lang/Integer;": "valueOf",
    "Ljava/lang/Long;": "valueOf",
    "Ljava/lang/Short;": "valueOf",
    "Ljava/lang/Byte;": "valueOf",
    "Ljava/lang/Boolean;": "valueOf",
}


class _LazyClassManager(ClassManager):
    """androguard's ClassManager, answering every lookup from the dex bytes on demand, each item parsed once."""

    def __init__(self, vm: DEX, data: bytes) -> None:
        super().__init__(vm)
        self.data = data
        # One stream for all items: a parse nested in another (an item resolving a reference) seeks back.
        self.stream = io.BufferedReader(io.BytesIO(data))
        self.parsed: dict[tuple[type, int], Any] = {}
        # Decoded once per index: androguard's StringDataItem.get() decodes its MUTF-8 on every call.
        self.strings: dict[int, str] = {}

    def _at(self, kind: type, offset: int) -> Any:  # an androguard item: untyped
        key = (kind, offset)
        item = self.parsed.get(key)
        if item is None:
            if not 0 < offset < len(self.data):
                raise InputError(f"{kind.__name__} at 0x{offset:x} is outside the dex")
            resume = self.stream.tell()
            self.stream.seek(offset)
            try:
                item = self.parsed[key] = kind(self.stream, self)
            finally:
                self.stream.seek(resume)
        return item

    def _index(self, table_offset: int, count: int, index: int, width: int) -> int:
        if not 0 <= index < count:
            raise InputError(f"index {index} outside a table of {count}")
        return table_offset + width * index

    def get_raw_string(self, idx: int) -> str:
        text = self.strings.get(idx)
        if text is None:
            header = self.vm.header
            offset = self._index(header.string_ids_off, header.string_ids_size, idx, 4)
            text = self._at(StringDataItem, int.from_bytes(self.data[offset : offset + 4], "little")).get()
            self.strings[idx] = text
        return text

    def get_type_ref(self, idx: int) -> int:
        header = self.vm.header
        offset = self._index(header.type_ids_off, header.type_ids_size, idx, 4)
        return int.from_bytes(self.data[offset : offset + 4], "little")

    def get_type_list(self, off: int) -> list[str]:
        return [type_.get_string() for type_ in self._at(TypeList, off).get_list()] if off else []

    def get_proto(self, idx: int) -> list:
        header = self.vm.header
        proto = self._at(ProtoIdItem, self._index(header.proto_ids_off, header.proto_ids_size, idx, 12))
        return [proto.get_parameters_off_value(), proto.get_return_type_idx_value()]

    def get_field_ref(self, idx: int) -> FieldIdItem:
        header = self.vm.header
        return self._at(FieldIdItem, self._index(header.field_ids_off, header.field_ids_size, idx, 8))

    def get_method_ref(self, idx: int) -> MethodIdItem:
        header = self.vm.header
        return self._at(MethodIdItem, self._index(header.method_ids_off, header.method_ids_size, idx, 8))

    def get_class_data_item(self, off: int) -> ClassDataItem:
        return self._at(ClassDataItem, off)

    def get_code(self, off: int) -> DalvikCode | None:
        return self._at(DalvikCode, off) if off else None

    def get_annotations_directory_item(self, off: int) -> AnnotationsDirectoryItem:
        return self._at(AnnotationsDirectoryItem, off)

    def get_annotation_set_item(self, off: int) -> AnnotationSetItem:
        return self._at(AnnotationSetItem, off)

    def get_annotation_item(self, off: int) -> AnnotationItem:
        return self._at(AnnotationItem, off)

    def get_encoded_array_item(self, off: int) -> EncodedArrayItem:
        return self._at(EncodedArrayItem, off)


class _LazyDex(DEX):
    """androguard's DEX that reads only the header; class definitions are parsed by position on request."""

    def _preload(self, buff: bytes) -> None:
        self.CM = _LazyClassManager(self, buff)

    def _load(self, buff: bytes) -> None:
        self.header = HeaderItem(0, self.raw, self.CM)

    def class_def(self, position: int) -> ClassDefItem:
        return self.CM._at(ClassDefItem, self.header.class_defs_off + CLASS_DEF_SIZE * position)


def read_classes(
    dex_files: Sequence[DexFile], on_progress: Callable[[int, int, int], None] | None = None
) -> DexClasses:
    """Every class under the version packages and the annotation package, first definition wins.

    Each dex is checked and its class table scanned first (milliseconds); androguard then reads the
    target classes of the dex files that have some, one dex per core. `on_progress(dex files read,
    dex files to read, classes read)` follows those.
    """
    packages: set[str] = set()
    targets: list[tuple[DexFile, list[int]]] = []
    for dex_file in dex_files:
        check_dex(dex_file.name, dex_file.data)
        descriptors = class_descriptors(dex_file.name, dex_file.data)
        packages |= packages_of(descriptors)
        positions = [
            position for position, descriptor in enumerate(descriptors) if descriptor.startswith(TARGET_PREFIXES)
        ]
        if positions:
            targets.append((dex_file, positions))
    records: dict[str, ClassRecord] = {}
    for done, dex_records in enumerate(map_on_cores(read_dex, targets), start=1):
        for record in dex_records:
            records.setdefault(record.descriptor, record)
        if on_progress is not None:
            on_progress(done, len(targets), len(records))
    return DexClasses(tuple(records.values()), frozenset(packages))


def read_dex(target: tuple[DexFile, list[int]]) -> list[ClassRecord]:
    """The records of the class definitions at the given positions of one dex."""
    dex_file, positions = target
    try:
        dex = _LazyDex(dex_file.data)
        reader = _DexReader(dex, dex_file.name)
        return [reader.class_record(dex.class_def(position)) for position in positions]
    except InputError as error:
        raise InputError(f"{dex_file.name}: corrupt dex ({error.message})") from None
    except ANDROGUARD_DECODING_ERRORS as error:
        if not _raised_in_androguard(error):
            raise
        kind = "struct.error" if isinstance(error, struct.error) else type(error).__name__
        detail = " ".join(f"{kind}: {error}".split())
        raise InputError(f"{dex_file.name}: corrupt dex ({detail})") from None


def _raised_in_androguard(error: BaseException) -> bool:
    """Whether the innermost Python frame of the error's traceback is androguard's code."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and trace.tb_frame.f_globals.get("__name__", "").startswith("androguard.")


class _DexReader:
    def __init__(self, dex: DEX, source: str) -> None:
        self.dex = dex
        self.manager: ClassManager = dex.CM
        self.source = source

    def class_record(self, class_def: ClassDefItem) -> ClassRecord:
        name = class_def.get_name()
        directory = class_def.annotations_directory_item
        class_annotations: tuple[Annotation, ...] = ()
        field_annotations: dict[str, tuple[Annotation, ...]] = {}
        if directory is not None:
            class_annotations = self._annotation_set(directory.get_class_annotations_off())
            for field_annotation in directory.get_field_annotations():
                field_name = self.manager.get_field_ref(field_annotation.get_field_idx()).get_name()
                field_annotations[field_name] = self._annotation_set(field_annotation.get_annotations_off())
        fields = tuple(
            FieldRecord(
                name=encoded.get_name(),
                descriptor=encoded.get_descriptor(),
                access_flags=encoded.get_access_flags(),
                annotations=field_annotations.get(encoded.get_name(), ()),
            )
            for encoded in class_def.get_fields()
        )
        methods = {method.get_name(): method for method in class_def.get_methods()}
        init_order: tuple[str, ...] = ()
        static_order: tuple[str, ...] = ()
        default_stores: tuple[tuple[str, StoredValue], ...] = ()
        if "<init>" in methods:
            init_order = self._store_order(name, methods["<init>"], "iput")
        if "<clinit>" in methods:
            static_order = self._store_order(name, methods["<clinit>"], "sput")
        if "initWithDefaults" in methods:
            default_stores = self._default_stores(name, methods["initWithDefaults"])
        superclass = class_def.get_superclassname()
        return ClassRecord(
            descriptor=name,
            superclass=superclass if superclass and not superclass.startswith("AG:") else None,
            access_flags=class_def.get_access_flags(),
            annotations=class_annotations,
            fields=fields,
            init_store_order=init_order,
            static_init_order=static_order,
            default_stores=default_stores,
            source=self.source,
        )

    def _annotation_set(self, offset: int) -> tuple[Annotation, ...]:
        if not offset:
            return ()
        annotation_set = self.manager.get_annotation_set_item(offset)
        if annotation_set is None:
            raise InputError(f"{self.source}: annotation set at 0x{offset:x} is out of range")
        annotations = []
        for off_item in annotation_set.get_annotation_off_item():
            item = self.manager.get_annotation_item(off_item.get_annotation_off())
            if item is None:
                raise InputError(f"{self.source}: annotation at 0x{off_item.get_annotation_off():x} is out of range")
            annotations.append(self._annotation(item.get_annotation(), item.get_visibility()))
        return tuple(annotations)

    def _annotation(self, encoded: EncodedAnnotation, visibility: int = 1) -> Annotation:
        return Annotation(
            descriptor=self.manager.get_type(encoded.get_type_idx()),
            elements=tuple(
                (self.manager.get_string(element.get_name_idx()), self._value(element.get_value()))
                for element in encoded.get_elements()
            ),
            visibility=visibility,
        )

    def _value(self, encoded: EncodedValue) -> AnnotationValue:
        value_type = encoded.get_value_type()
        if value_type == VALUE_BYTE:
            return _sign_extend(encoded.get_value(), 1)
        if value_type in SIGNED_INTEGER_TYPES:
            raw = encoded.raw_value
            return _sign_extend(int.from_bytes(raw, "little"), len(raw))
        if value_type == VALUE_CHAR:
            return int.from_bytes(encoded.raw_value, "little")
        if value_type == VALUE_FLOAT:
            return _right_extended_float(encoded.raw_value, 4, "<f")
        if value_type == VALUE_DOUBLE:
            return _right_extended_float(encoded.raw_value, 8, "<d")
        if value_type == VALUE_STRING:
            return encoded.get_value()
        if value_type == VALUE_TYPE:
            return TypeValue(encoded.get_value())
        if value_type == VALUE_ENUM:
            class_name, _, field_name = encoded.get_value()
            return EnumValue(class_name, field_name)
        if value_type == VALUE_FIELD:
            class_name, _, field_name = encoded.get_value()
            return EnumValue(class_name, field_name)
        if value_type == VALUE_ARRAY:
            return tuple(self._value(item) for item in encoded.get_value().get_values())
        if value_type == VALUE_ANNOTATION:
            return self._annotation(encoded.get_value())
        if value_type == VALUE_NULL:
            return None
        if value_type == VALUE_BOOLEAN:
            return bool(encoded.get_value_arg())
        return int.from_bytes(encoded.raw_value or b"", "little")

    def _field_of(self, operand: DalvikOperand) -> tuple[str, str]:
        field_ref = self.manager.get_field_ref(operand[1])
        return field_ref.get_class_name(), field_ref.get_name()

    def _store_order(self, class_name: str, method: EncodedMethod, store_prefix: str) -> tuple[str, ...]:
        order: dict[str, None] = {}  # a dict keeps the first store's place and looks up in constant time
        for instruction in method.get_instructions():
            if instruction.get_name().startswith(store_prefix):
                owner, field_name = self._field_of(instruction.get_operands()[-1])
                if owner == class_name:
                    order.setdefault(field_name)
        return tuple(order)

    def _default_stores(self, class_name: str, method: EncodedMethod) -> tuple[tuple[str, StoredValue], ...]:
        """Simulate the registers of `initWithDefaults()` just enough to see which constants reach which field."""
        registers: dict[int, StoredValue] = {}
        pending: StoredValue = NonLiteral("is the result of a call")
        stores: dict[str, StoredValue] = {}
        unknown = NonLiteral("is computed by code")
        for instruction in method.get_instructions():
            opcode = instruction.get_name()
            operands = instruction.get_operands()
            if opcode.startswith("invoke"):
                pending = self._call_result(operands, registers)
                continue
            if not operands or operands[0][0] != Operand.REGISTER:
                continue  # writes no register and stores none
            target: int = operands[0][1]
            if opcode.startswith("const-string"):
                registers[target] = self.manager.get_string(operands[-1][1])
            elif opcode.startswith("const"):
                registers[target] = operands[-1][1]
            elif opcode == "sget-object":
                owner, field_name = self._field_of(operands[-1])
                if owner == "Ljava/lang/Boolean;" and field_name in ("TRUE", "FALSE"):
                    registers[target] = field_name == "TRUE"
                else:
                    registers[target] = EnumValue(owner, field_name)
            elif opcode == "move-result-object":
                registers[target] = pending
            elif opcode.startswith("iput"):
                owner, field_name = self._field_of(operands[-1])
                if owner == class_name:
                    stores[field_name] = registers.get(target, unknown)
            else:
                registers[target] = unknown
        return tuple(sorted(stores.items()))

    def _call_result(self, operands: list[DalvikOperand], registers: dict[int, StoredValue]) -> StoredValue:
        """`Integer.valueOf(c)` yields c; `wrapper.setValue(EnumType.X)` makes the wrapper hold X."""
        method_operand = operands[-1]
        if method_operand[0] != Operand.KIND + Kind.METH:
            return NonLiteral("is the result of a call")
        owner, method_name, _ = self.manager.get_method_ref(method_operand[1]).get_list()
        arguments = [registers.get(operand[1]) for operand in operands[:-1] if operand[0] == Operand.REGISTER]
        if BOXING_METHODS.get(owner) == method_name and arguments and isinstance(arguments[0], int):
            value = arguments[0]
            return bool(value) if owner == "Ljava/lang/Boolean;" else value
        if method_name == "setValue" and len(arguments) == 2 and isinstance(arguments[1], EnumValue):
            receiver = operands[0][1]
            registers[receiver] = arguments[1]
        return NonLiteral("is the result of a call")


def _sign_extend(value: int, size: int) -> int:
    bits = 8 * size
    return value - (1 << bits) if value & (1 << (bits - 1)) else value


def _right_extended_float(raw: bytes, width: int, layout: str) -> float:
    """DEX stores floats and doubles with their low-order zero bytes dropped."""
    if len(raw) > width:
        raise InputError(f"a {width}-byte floating-point value stored in {len(raw)} bytes")
    return struct.unpack(layout, bytes(width - len(raw)) + raw)[0]
