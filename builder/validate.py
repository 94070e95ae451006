"""Turn loaded YAML documents into typed models, and pydantic's errors into diagnostics.

Why the translation: pydantic's locations point into its own idea of the data (with the
tag of a tagged union and the name of a union branch in the path) and its wording is for
programmers. We walk the location along the real data to find the YAML line, point a
"missing" error at the mapping that lacks the key, merge the errors of union branches
into one, and say what was expected in plain words.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.diagnostics import Diagnostic, did_you_mean, error
from builder.load import Document, Key

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping ('key: value' lines)",
    "model_type": "a mapping ('key: value' lines)",
    "model_attributes_type": "a mapping ('key: value' lines)",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "date_from_datetime_parsing": "a date like 2026-11-22",
    "date_parsing": "a date like 2026-11-22",
    "date_type": "a date like 2026-11-22",
    "bool_parsing": "true or false",
}


def validate(doc: Document, model: type[M], key: Key = ()) -> tuple[M | None, list[Diagnostic]]:
    """Validate the part of `doc` at `key` as `model`; return the value or diagnostics."""
    data = _get(doc.data, key)
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, translate(exc, doc, key, model)


def translate(exc: ValidationError, doc: Document, base: Key, model: type[BaseModel]) -> list[Diagnostic]:
    """Convert a pydantic ValidationError into diagnostics with YAML locations."""
    grouped: dict[Key, list[dict[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        path = _data_path(doc.data, base, err["loc"], err["type"])
        grouped.setdefault(path, []).append(err)
    diagnostics = []
    for path, errs in grouped.items():
        diagnostics.append(_one(doc, path, errs, model))
    return diagnostics


def _get(data: Any, key: Key) -> Any:
    for part in key:
        data = data[part]
    return data


def _data_path(data: Any, base: Key, loc: tuple[Any, ...], kind: str) -> Key:
    """Follow pydantic's `loc` through the real data, skipping union tags and branch names."""
    node = _get(data, base)
    path = list(base)
    previous: Any = None
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(previous, int) and isinstance(node, dict) and "kind" in node and part == _tag(node):
            previous = part
            continue  # the tag pydantic adds after a slide's index; may equal a key, e.g. 'quote'
        previous = part
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif last and isinstance(node, dict) and isinstance(part, str) and kind in ("missing", "extra_forbidden"):
            path.append(part)
        # anything else is a tag or union branch name pydantic adds: not in the data
    return tuple(path)


def _tag(node: dict) -> Any:
    from builder.model import slide_tag

    return slide_tag(node)


def _field_names(model: type[BaseModel], doc: Document, path: Key) -> list[str]:
    """Guess the allowed keys at `path` by asking the model class that validates there."""
    target = _model_at(model, doc.data, path[:-1])
    if target is None:
        return []
    return sorted((f.alias or name) for name, f in target.model_fields.items())


def _model_at(model: type[BaseModel], data: Any, path: Key) -> type[BaseModel] | None:
    from builder import model as m

    current: Any = model
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(part, int):
            if current == "slide":
                current = _slide_class(node, m)
            continue
        current = _child_model(current, part, m)
        if current is None:
            return None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _child_model(current: Any, part: Any, m: Any) -> Any:
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return None
    field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
    if field is None:
        return None
    for candidate in _leaf_types(field.annotation):
        if isinstance(candidate, type) and issubclass(candidate, m.SlideBase):
            return "slide"
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _slide_class(node: Any, m: Any) -> Any:
    kinds = {
        "bullets": m.BulletsSlide,
        "quote": m.QuoteSlide,
        "words": m.WordsSlide,
        "facts": m.FactsSlide,
        "image": m.ImageSlide,
        "two-column": m.TwoColumnSlide,
        "video": m.LinkSlide,
        "link": m.LinkSlide,
        "discussion": m.DiscussionSlide,
        "section": m.SectionSlide,
    }
    return kinds.get(node.get("kind")) if isinstance(node, dict) else None


def _leaf_types(annotation: Any) -> list[Any]:
    import typing

    out: list[Any] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        args = typing.get_args(item)
        if args:
            stack.extend(args)
        else:
            out.append(item)
    return out


def _one(doc: Document, path: Key, errs: list[dict[str, Any]], model: type[BaseModel]) -> Diagnostic:
    first = errs[0]
    kind = first["type"]
    name = _name(path)
    if kind == "extra_forbidden":
        allowed = _field_names(model, doc, path)
        hint = did_you_mean(name, allowed) or (f"allowed keys here: {', '.join(allowed)}" if allowed else None)
        return error("unknown-key", f"unknown key '{name}'", doc.where(path, of_key=True), hint)
    if kind == "missing":
        return error(
            "missing-field",
            f"required key '{name}' is missing",
            doc.where(path[:-1]),
            f"add '{name}: …' to this mapping",
        )
    if kind == "slide_kind" or kind.startswith("union_tag"):
        from builder.model import SLIDE_KINDS

        node = _get(doc.data, path)
        given = node.get("kind") if isinstance(node, dict) else None
        if given is None:
            return error(
                "missing-field",
                "required key 'kind' is missing",
                doc.where(path),
                f"every slide needs 'kind:', one of: {', '.join(SLIDE_KINDS)}",
            )
        hint = did_you_mean(str(given), SLIDE_KINDS) or f"one of: {', '.join(SLIDE_KINDS)}"
        return error("invalid-value", f"unknown slide kind '{given}'", doc.where(path + ("kind",)), hint)
    name = name if name.startswith("item ") else f"'{name}'"
    value = _get(doc.data, path) if _exists(doc.data, path) else None
    where = doc.where(path)
    if kind in ("literal_error", "enum"):
        expected = first.get("ctx", {}).get("expected", "")
        hint = None
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        if isinstance(value, str):
            hint = did_you_mean(value, options)
        return error("invalid-value", f"{name} must be {expected}; got '{value}'", where, hint)
    if kind == "string_pattern_mismatch":
        pattern = first.get("ctx", {}).get("pattern", "")
        if pattern == r"\S":
            return error("invalid-value", f"{name} must not be empty", where)
        if "a-z0-9" in pattern:
            from builder.scaffold import slug

            try:
                suggestion = f"did you mean '{slug(str(value))}'? " if value else ""
            except Exception:  # slug refuses text without letters; then there is nothing to suggest
                suggestion = ""
            return error(
                "invalid-id",
                f"'{value}' is not a valid id",
                where,
                f"{suggestion}ids use lower-case letters a-z, digits and '-', e.g. 'topor-vendepunktet'",
            )
        return error("invalid-value", f"{name} must be a full web address; got '{value}'", where,
                     "start it with https://")
    if kind in ("too_short", "string_too_short"):
        return error("invalid-value", f"{name} must not be empty", where)
    if kind == "too_long":
        limit = first.get("ctx", {}).get("max_length")
        return error("invalid-value", f"{name} has too many items (at most {limit})", where,
                     "split it over two slides")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "string_too_long"):
        return error("invalid-value", f"{name}: {first['msg'].lower()}; got '{value}'", where)
    if kind == "value_error":
        message = first["msg"].removeprefix("Value error, ")
        if message == "expected true or false":
            return error("wrong-type", f"{name} must be true or false; got '{value}'", where,
                         "write true or false (yes/no/on/off are not accepted)")
        return error("invalid-value", f"{name}: {message}", where)
    expected = sorted({_TYPE_WORDS.get(e["type"], e["type"].replace("_", " ")) for e in errs})
    shown = _shown(value)
    return error("wrong-type", f"{name} must be {' or '.join(expected)}; got {shown}", where)


def _name(path: Key) -> str:
    """Name the place an error is about: a key, or «item 2 of 'bullets'» inside a list."""
    if not path:
        return "file"
    last = path[-1]
    if isinstance(last, int):
        owner = next((str(p) for p in reversed(path[:-1]) if isinstance(p, str)), "list")
        return f"item {last + 1} of {owner}"
    return str(last)


def _exists(data: Any, path: Key) -> bool:
    try:
        _get(data, path)
        return True
    except (KeyError, IndexError, TypeError):
        return False


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
