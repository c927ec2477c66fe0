"""Annotations of other libraries that Android apps carry on classes and fields; never part of a schema."""

from .dex_model import Annotation, IntValue

KEEP = Annotation("Landroidx/annotation/Keep;", "build")
NULLABLE = Annotation("Ljavax/annotation/Nullable;", "runtime")


def serialized_name(name: str) -> Annotation:
    """Gson's `@SerializedName(value)`."""
    return Annotation("Lcom/google/gson/annotations/SerializedName;", "runtime", (("value", name),))


def kotlin_metadata(variant: int, field_names: tuple[str, ...]) -> Annotation:
    """`@kotlin.Metadata` as kotlinc writes it on every class (its data strings only roughly imitated)."""
    return Annotation(
        "Lkotlin/Metadata;",
        "runtime",
        (
            ("d1", (f"\u0000\u0014\n\u0002\u0018\u0002\n\u0002\u0010\u0000\n\u0002\b{variant % 9}",)),
            ("d2", field_names),
            ("k", IntValue(1)),
            ("mv", (IntValue(1), IntValue(8), IntValue(0))),
            ("xi", IntValue(48)),
        ),
    )
