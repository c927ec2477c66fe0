"""Dex step: dex bytes → `ClassRecord`s. The only module that touches androguard.

androguard 4.1 returns encoded integers unsigned and leaves floats undecoded, and finds
annotation items by linear scans; this module decodes values itself and indexes lookups once.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator

from androguard.core.dex import DEX, ClassManager, EncodedValue
from androguard.core.dex.dex_types import Kind, Operand, TypeMapItem
from loguru import logger

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
from .errors import InputError
from .inputs import DexFile

logger.disable("androguard")

TARGET_PREFIX = "Lcom/saicmotor/telematics/tsgp/otaadapter/mp/"
ANNOTATION_PREFIX = "Lcom/saicmotor/telematics/tsgp/otaadapter/asn/annotations/"

VALUE_BYTE, VALUE_SHORT, VALUE_CHAR, VALUE_INT, VALUE_LONG = 0x00, 0x02, 0x03, 0x04, 0x06
VALUE_FLOAT, VALUE_DOUBLE = 0x10, 0x11
VALUE_STRING, VALUE_TYPE, VALUE_FIELD, VALUE_METHOD, VALUE_ENUM = 0x17, 0x18, 0x19, 0x1A, 0x1B
VALUE_ARRAY, VALUE_ANNOTATION, VALUE_NULL, VALUE_BOOLEAN = 0x1C, 0x1D, 0x1E, 0x1F
SIGNED_INTEGER_TYPES = {VALUE_BYTE, VALUE_SHORT, VALUE_INT, VALUE_LONG}

INDEXED_ITEM_TYPES = (
    TypeMapItem.ANNOTATIONS_DIRECTORY_ITEM,
    TypeMapItem.ANNOTATION_SET_ITEM,
    TypeMapItem.ANNOTATION_ITEM,
    TypeMapItem.ENCODED_ARRAY_ITEM,
)
BOXING_METHODS = {
    "Ljava/lang/Integer;": "valueOf",
    "Ljava/lang/Long;": "valueOf",
    "Ljava/lang/Short;": "valueOf",
    "Ljava/lang/Byte;": "valueOf",
    "Ljava/lang/Boolean;": "valueOf",
}


def _indexed_lookup(item_type: TypeMapItem):
    """A replacement for ClassManager's linear `get_*_item(off)` scans: a dict built once per item list."""

    def lookup(self: ClassManager, offset: int):
        items = self._ClassManager__manage_item.get(item_type, [])
        cache = self.__dict__.setdefault("_saic_offset_index", {})
        index = cache.get(item_type)
        if index is None or index[0] != len(items):
            index = (len(items), {item.get_off(): item for item in items})
            cache[item_type] = index
        return index[1].get(offset)

    return lookup


ClassManager.get_annotations_directory_item = _indexed_lookup(TypeMapItem.ANNOTATIONS_DIRECTORY_ITEM)
ClassManager.get_annotation_set_item = _indexed_lookup(TypeMapItem.ANNOTATION_SET_ITEM)
ClassManager.get_annotation_item = _indexed_lookup(TypeMapItem.ANNOTATION_ITEM)
ClassManager.get_encoded_array_item = _indexed_lookup(TypeMapItem.ENCODED_ARRAY_ITEM)


def read_classes(dex_files: Iterable[DexFile]) -> DexClasses:
    """Every class under the version packages and the annotation package, first definition wins."""
    records: dict[str, ClassRecord] = {}
    packages: set[str] = set()
    for dex_file in dex_files:
        for record in read_dex(dex_file, packages):
            records.setdefault(record.descriptor, record)
    return DexClasses(tuple(records.values()), frozenset(packages))


def read_dex(dex_file: DexFile, packages: set[str]) -> Iterator[ClassRecord]:
    """The target classes of one dex; adds the package of every class in it to `packages`."""
    dex = _parse(dex_file)
    reader = _DexReader(dex, dex_file.name)
    for class_def in dex.get_classes():
        name = class_def.get_name()
        packages.add(name[1:].rsplit("/", 1)[0].replace("/", "."))
        if name.startswith(TARGET_PREFIX) or name.startswith(ANNOTATION_PREFIX):
            yield reader.class_record(class_def)


def _parse(dex_file: DexFile) -> DEX:
    try:
        return DEX(dex_file.data)
    except Exception as error:  # androguard fails with arbitrary types on corrupt input
        raise InputError(f"{dex_file.name}: corrupt dex ({type(error).__name__}: {error})") from None


class _DexReader:
    def __init__(self, dex: DEX, source: str) -> None:
        self.dex = dex
        self.manager: ClassManager = dex.CM
        self.source = source

    def class_record(self, class_def) -> ClassRecord:
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

    def _annotation(self, encoded, visibility: int = 1) -> Annotation:
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

    def _field_of(self, operand) -> tuple[str, str]:
        field_ref = self.manager.get_field_ref(operand[1])
        return field_ref.get_class_name(), field_ref.get_name()

    def _store_order(self, class_name: str, method, store_prefix: str) -> tuple[str, ...]:
        order: list[str] = []
        for instruction in method.get_instructions():
            if instruction.get_name().startswith(store_prefix):
                owner, field_name = self._field_of(instruction.get_operands()[-1])
                if owner == class_name and field_name not in order:
                    order.append(field_name)
        return tuple(order)

    def _default_stores(self, class_name: str, method) -> tuple[tuple[str, StoredValue], ...]:
        """Simulate the registers of `initWithDefaults()` just enough to see which constants reach which field."""
        registers: dict[int, StoredValue] = {}
        pending: StoredValue = NonLiteral("result of a call")
        stores: dict[str, StoredValue] = {}
        unknown = NonLiteral("value computed by code")
        for instruction in method.get_instructions():
            opcode = instruction.get_name()
            operands = instruction.get_operands()
            target = operands[0][1] if operands and operands[0][0] == Operand.REGISTER else None
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
            elif opcode.startswith("invoke"):
                pending = self._call_result(operands, registers)
            elif opcode == "move-result-object":
                registers[target] = pending
            elif opcode.startswith("iput"):
                owner, field_name = self._field_of(operands[-1])
                if owner == class_name:
                    stores[field_name] = registers.get(target, unknown)
            elif target is not None:
                registers[target] = unknown
        return tuple(sorted(stores.items()))

    def _call_result(self, operands, registers: dict[int, StoredValue]) -> StoredValue:
        """`Integer.valueOf(c)` yields c; `wrapper.setValue(EnumType.X)` makes the wrapper hold X."""
        method_operand = operands[-1]
        if method_operand[0] != Operand.KIND + Kind.METH:
            return NonLiteral("result of a call")
        owner, method_name, _ = self.manager.get_method_ref(method_operand[1]).get_list()
        arguments = [registers.get(operand[1]) for operand in operands[:-1] if operand[0] == Operand.REGISTER]
        if BOXING_METHODS.get(owner) == method_name and arguments and isinstance(arguments[0], int):
            value = arguments[0]
            return bool(value) if owner == "Ljava/lang/Boolean;" else value
        if method_name == "setValue" and len(arguments) == 2 and isinstance(arguments[1], EnumValue):
            receiver = operands[0][1]
            registers[receiver] = arguments[1]
        return NonLiteral("result of a call")


def _sign_extend(value: int, size: int) -> int:
    bits = 8 * size
    return value - (1 << bits) if value & (1 << (bits - 1)) else value


def _right_extended_float(raw: bytes, width: int, layout: str) -> float:
    """DEX stores floats and doubles with their low-order zero bytes dropped."""
    return struct.unpack(layout, bytes(width - len(raw)) + raw)[0]
