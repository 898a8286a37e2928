"""Plain record classes for the one-shot paths, and small validators for JSON data.

`tutor explain` imports no pydantic (its `BaseModel` alone costs about 0.7x a bare NumPy
import, issue #13): the explanation, the formula bank and the sandbox's result are
`Plain` subclasses with `__slots__`, built by their constructors and checked, where the
data comes from a file, by an explicit `model_validate` that names the file and field.
They keep the parts of a pydantic model that tutor uses: attributes, equality by type and
fields, a readable repr, `model_dump` (the same dict pydantic gave), pickling, and
`__get_pydantic_core_schema__` for a pydantic model that holds one.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Plain", "dumped", "fields", "optional_text", "text", "texts"]


class Plain:
    """Fields in `_fields` order (the constructor's positional order): equality by type and
    fields, unhashable (mutable, as the models were), pickled as the constructor and its
    arguments."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[type[Plain], tuple[object, ...]]:
        return type(self), tuple(getattr(self, name) for name in self._fields)

    def model_dump(self, mode: str = "python") -> dict[str, Any]:
        """Every field, nested records as dicts (tuples as lists with `mode="json"`)."""
        return {name: dumped(getattr(self, name), mode) for name in self._fields}

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> Any:
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(cls, source: object, handler: object) -> Any:
        """An instance is taken as it is, anything else goes through `model_validate`."""
        from pydantic_core import core_schema

        def validate(value: object) -> Plain:
            return value if isinstance(value, cls) else cls.model_validate(value)

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.model_dump()
            ),
        )


def dumped(value: object, mode: str = "python") -> object:
    """`value` with every record in it (these, or any with `model_dump`) as a dict."""
    if isinstance(value, str | int | float | None):
        return value
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode=mode) if isinstance(value, Plain) else dump()
    if isinstance(value, list | tuple):
        items = [dumped(item, mode) for item in value]
        return items if mode == "json" or isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {key: dumped(item, mode) for key, item in value.items()}
    return value


def fields(value: object, where: str, required: tuple[str, ...]) -> dict[str, Any]:
    """`value` as a JSON object that has every `required` key."""
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, got {type(value).__name__}")
    missing = [name for name in required if name not in value]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    return value


def text(value: object, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        raise ValueError(f"{where}: expected {'a' if empty else 'a non-empty'} string")
    return value


def optional_text(value: object, where: str) -> str | None:
    return None if value is None else text(value, where)


def texts(value: object, where: str, *, at_least: int = 0) -> list[str]:
    if not isinstance(value, list) or len(value) < at_least:
        raise ValueError(f"{where}: expected a list of at least {at_least} string(s)")
    return [text(item, f"{where}.{i}") for i, item in enumerate(value)]
