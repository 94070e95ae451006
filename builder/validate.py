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
from builder.i18n import _
from builder.load import Document, Key

M = TypeVar("M", bound=BaseModel)


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
        diagnostics.append(_one(doc, path, errs, model, base))
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


def _one(doc: Document, path: Key, errs: list[dict[str, Any]], model: type[BaseModel], base: Key = ()) -> Diagnostic:
    first = errs[0]
    kind = first["type"]
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else ""
        allowed = _field_names(model, doc, path)
        hint = did_you_mean(name, allowed) or (
            _("allowed fields here: {names}").format(names=", ".join(f"'{a}'" for a in allowed)) if allowed else None)
        return error("unknown-key", _("unknown field '{name}'").format(name=name), doc.where(path, of_key=True), hint)
    if kind == "missing":
        name = str(path[-1]) if path else ""
        return error(
            "missing-field",
            _missing(name, path[:-1], base, model),
            doc.where(path[:-1]),
            _("add a line '{name}: …'").format(name=name),
        )
    if kind == "slide_kind" or kind.startswith("union_tag"):
        from builder.model import SLIDE_KINDS

        kinds = ", ".join(f"'{k}'" for k in SLIDE_KINDS)
        node = _get(doc.data, path)
        given = node.get("kind") if isinstance(node, dict) else None
        if given is None:
            return error(
                "missing-field",
                _missing("kind", path, base, model),
                doc.where(path),
                _("every slide needs 'kind:', one of: {kinds}").format(kinds=kinds),
            )
        hint = did_you_mean(str(given), SLIDE_KINDS) or _("choose one of: {kinds}").format(kinds=kinds)
        return error("invalid-value", _("unknown slide kind '{kind}'").format(kind=given),
                     doc.where(path + ("kind",)), hint)
    subject = _subject(path)
    value = _get(doc.data, path) if _exists(doc.data, path) else None
    if isinstance(value, str) and len(value) > 60:  # a 100 000-character title must not become the message
        value = value[:57] + "…"
    where = doc.where(path)
    if kind in ("literal_error", "enum"):
        expected = first.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        hint = did_you_mean(value, options) if isinstance(value, str) else None
        return error("invalid-value", _("{subject} must be one of {options}; got '{value}'").format(
            subject=subject, options=", ".join(f"'{o}'" for o in options), value=value), where, hint)
    if kind == "string_pattern_mismatch":
        pattern = first.get("ctx", {}).get("pattern", "")
        if pattern == r"\S":
            return error("invalid-value", _("{subject} must not be empty").format(subject=subject), where)
        if "a-z0-9" in pattern:
            from builder.scaffold import slug

            try:
                suggestion = slug(str(value)) if value else ""
            except Exception:  # slug refuses text without letters; then there is nothing to suggest
                suggestion = ""
            if suggestion:
                hint = _("did you mean '{suggestion}'? An id uses only lower-case letters a-z, digits and '-', "
                         "e.g. 'topor-vendepunktet'").format(suggestion=suggestion)
            else:
                hint = _("an id uses only lower-case letters a-z, digits and '-', e.g. 'topor-vendepunktet'")
            return error("invalid-id", _("'{value}' is not a valid id").format(value=value), where, hint)
        return error("invalid-value", _("{subject} must be a full web address; got '{value}'").format(
            subject=subject, value=value), where, _("start it with https://"))
    if kind in ("too_short", "string_too_short"):
        return error("invalid-value", _("{subject} must not be empty").format(subject=subject), where)
    if kind == "too_long":
        limit = first.get("ctx", {}).get("max_length")
        return error("invalid-value", _("{subject} has too many items (at most {limit})").format(
            subject=subject, limit=limit), where, _("split it over two slides"))
    if kind in _BOUNDS:
        ctx = first.get("ctx", {})
        limit = next((ctx[k] for k in ("gt", "ge", "lt", "le", "max_length") if k in ctx), "")
        return error("invalid-value", _BOUNDS[kind]().format(subject=subject, limit=limit, value=value), where)
    if kind == "value_error":
        return _value_error(first, subject, value, where)
    words = _type_words()
    expected = sorted({words.get(e["type"], _("a different kind of value")) for e in errs})
    shown = _shown(value)
    if len(expected) == 1:
        message = _("{subject} must be {expected}; got {shown}").format(
            subject=subject, expected=expected[0], shown=shown)
    else:
        message = _("{subject} must be {first} or {second}; got {shown}").format(
            subject=subject, first=", ".join(expected[:-1]), second=expected[-1], shown=shown)
    return error("wrong-type", message, where)


_BOUNDS = {
    "greater_than": lambda: _("{subject} must be more than {limit}; got '{value}'"),
    "greater_than_equal": lambda: _("{subject} must be at least {limit}; got '{value}'"),
    "less_than": lambda: _("{subject} must be less than {limit}; got '{value}'"),
    "less_than_equal": lambda: _("{subject} must be at most {limit}; got '{value}'"),
    "string_too_long": lambda: _("{subject} may be at most {limit} characters long; got '{value}'"),
}


def _value_error(first: dict[str, Any], subject: str, value: Any, where: Any) -> Diagnostic:
    """Word the checks of builder/model.py (their English text never reaches the user as such)."""
    from builder import model as m

    message = first["msg"].removeprefix("Value error, ")
    if message == m.EXPECTED_BOOL:
        return error("wrong-type", _("{subject} must be true or false; got '{value}'").format(
            subject=subject, value=value), where, _("write true or false (yes/no/on/off are not accepted)"))
    if message == m.EXPECTED_TIME:
        return error("invalid-value", _("{subject} must be a time like 09:15; got '{value}'").format(
            subject=subject, value=value), where)
    if message == m.MODULE_OR_PAUSE:
        return error("invalid-value", _("{subject} needs either 'module: <id>' or 'pause: <minutes>'").format(
            subject=subject), where)
    return error("invalid-value", _("{subject} has a value that is not allowed").format(subject=subject), where)


def _missing(name: str, container: Key, base: Key, model: type[BaseModel]) -> str:
    """Say which field is missing, and in what: «the field 'summary' is missing in the module»."""
    if tuple(container) == tuple(base):
        from builder import model as m

        sentences = {
            m.Module: lambda: _("the field '{name}' is missing in the module"),
            m.Deck: lambda: _("the field '{name}' is missing in the deck"),
            m.Quote: lambda: _("the field '{name}' is missing in the quote"),
            m.Fact: lambda: _("the field '{name}' is missing in the fact"),
            m.Source: lambda: _("the field '{name}' is missing in the source"),
            m.Audience: lambda: _("the field '{name}' is missing in the audience"),
        }
        if model in sentences:
            return sentences[model]().format(name=name)
    if len(container) >= 2 and isinstance(container[-1], int) and isinstance(container[-2], str):
        if container[-2] == "slides":
            return _("the field '{name}' is missing in slide {number}").format(name=name, number=container[-1] + 1)
        return _("the field '{name}' is missing in item {number} of '{field}'").format(
            name=name, number=container[-1] + 1, field=container[-2])
    if container and isinstance(container[-1], str):
        return _("the field '{name}' is missing in '{field}'").format(name=name, field=container[-1])
    return _("the field '{name}' is missing").format(name=name)


def _subject(path: Key) -> str:
    """Name the place an error is about: «'minutes'», «item 2 of 'bullets'», «slide 3»."""
    if not path:
        return _("the file")
    last = path[-1]
    if isinstance(last, int):
        owner = next((str(p) for p in reversed(path[:-1]) if isinstance(p, str)), None)
        if owner is None:
            return _("item {number}").format(number=last + 1)
        if owner == "slides" and path[-2] == "slides":
            return _("slide {number}").format(number=last + 1)
        return _("item {number} of '{field}'").format(number=last + 1, field=owner)
    return f"'{last}'"


def _type_words() -> dict[str, str]:
    """What pydantic's type errors expected, in plain words of the user's language."""
    text = _("text")
    a_list = _("a list (lines starting with '- ')")
    fields = _("fields with 'name: value' on each line")
    whole = _("a whole number")
    number = _("a number")
    date = _("a date like 2026-11-22")
    yes_no = _("true or false")
    return {
        "string_type": text, "string_sub_type": text,
        "list_type": a_list, "tuple_type": a_list, "set_type": a_list,
        "dict_type": fields, "model_type": fields, "model_attributes_type": fields,
        "int_parsing": whole, "int_type": whole, "int_from_float": whole,
        "float_parsing": number, "float_type": number,
        "date_from_datetime_parsing": date, "date_from_datetime_inexact": date, "date_parsing": date,
        "date_type": date,
        "bool_parsing": yes_no, "bool_type": yes_no,
    }


def _exists(data: Any, path: Key) -> bool:
    try:
        _get(data, path)
        return True
    except (KeyError, IndexError, TypeError):
        return False


def _shown(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, dict):
        return _("fields ('name: value')")
    if isinstance(value, list):
        return _("a list")
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
