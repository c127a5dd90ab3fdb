"""Pydantic's complaints about a pack's YAML, in words an author understands, at their places."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from tutor_tui.packs.yamltree import Document, Mark
from tutor_tui.packs.yamltree import Path as NodePath


def validation_problems(
    error: ValidationError, node: type[BaseModel], doc: Document, path: NodePath
) -> list[tuple[Mark, str]]:
    """Each fault pydantic found in the value at `path`, once per place, as (mark, message)."""
    problems: list[tuple[Mark, str]] = []
    reported: set[NodePath] = set()
    value = doc.value_at(path)
    for item in error.errors():
        loc = _tree_loc(value, item["loc"])
        at = (*path, *loc)
        if at in reported:
            continue  # one message per place: a union's members each complain
        reported.add(at)
        kind = item["type"]
        if kind == "extra_forbidden":
            problems.append((doc.key_mark(at), _unknown_key(str(loc[-1]), node, loc[:-1])))
        elif kind == "missing":
            problems.append((doc.mark(at[:-1]), f"missing required key '{loc[-1]}'"))
        else:
            problems.append((doc.mark(at), _describe(item, loc, path)))
    return problems


def _tree_loc(value: Any, loc: Iterable[int | str]) -> NodePath:
    """Pydantic's error location, less the steps that name no node of the YAML (union members)."""
    result: list[str | int] = []
    for step in loc:
        if isinstance(value, dict) and isinstance(step, str) and step in value:
            value = value[step]
            result.append(step)
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
            result.append(step)
        elif isinstance(value, dict) and isinstance(step, str) and not result[-1:] == [step]:
            # A key that is missing or unknown: it is the last step that names a place.
            if not any(step == f for f in ("float", "str", "int", "bool")) and "[" not in step:
                result.append(step)
                value = None
    return tuple(result)


def _fields_of(node: type[BaseModel], loc: NodePath) -> list[str]:
    """The keys allowed in the map at `loc` inside a `node`."""
    current: Any = node
    for step in loc:
        if isinstance(step, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        info = current.model_fields.get(step)
        current = _model_in(info.annotation) if info else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _unknown_key(key: str, node: type[BaseModel], loc: NodePath) -> str:
    allowed = _fields_of(node, loc)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key '{key}'{hint}"


_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a map of keys and values",
    "model_type": "a map of keys and values",
    "model_attributes_type": "a map of keys and values",
}


def _what(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}'"
    if isinstance(value, (int, float)):
        return f"the number {getattr(value, 'source', value)}"
    if isinstance(value, str):
        return f"'{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    return "a map"


def _describe(item: Any, loc: NodePath, base: NodePath) -> str:
    """A pydantic error in words an author understands."""
    kind = item["type"]
    key = next((step for step in reversed(loc) if isinstance(step, str)), None)
    ctx = item.get("ctx") or {}
    value = item.get("input")
    name = f"'{key}'" if key else "this value"
    if kind in _KINDS:
        if kind == "bool_type" and value in ("true", "false"):
            return f"{name} should be true or false, written without quotes"
        return f"{name} should be {_KINDS[kind]}, not {_what(value)}"
    if kind == "string_pattern_mismatch":
        return _wrong_form(key, name, value, base)
    if kind == "literal_error":
        if key == "format":
            return f"format {_what(value)} is not supported: this tutor reads format 1"
        return f"{name} must be one of {ctx.get('expected', '')}, not {_what(value)}"
    if kind in ("too_short", "string_too_short"):
        if kind == "string_too_short" or ctx.get("min_length") == 1:
            return f"{name} must not be empty"
        return f"{name} needs at least {ctx.get('min_length')} entries"
    if kind == "too_long":
        return f"{name} may have at most {ctx.get('max_length')} entries"
    if kind in ("greater_than", "less_than", "greater_than_equal", "less_than_equal"):
        if key == "difficulty":
            return f"difficulty must be a whole number from 1 to 5, not {_what(value)}"
        if key == "minutes":
            return f"minutes must be a positive whole number, not {_what(value)}"
        if key == "min_distinct":
            return f"min_distinct must be a whole number from 1 to 100, not {_what(value)}"
        if key == "guess" and "mastery" not in loc:  # a question's chance, which may be 0
            return f"'guess' must be a chance from 0 up to, not including, 1, not {_what(value)}"
        return f"{name} must lie strictly between 0 and 1, not {_what(value)}"
    return f"{name}: {item.get('msg', 'not valid')}"


def _wrong_form(key: str | None, name: str, value: Any, base: NodePath) -> str:
    """A text that does not have the form its key needs, in words an author understands."""
    if key == "id" and not base:
        return (
            f"pack id '{value}' must be 2 to 64 lower-case letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    if key == "id":
        return (
            f"skill id '{value}' must start with a lower-case letter or digit and hold only "
            "lower-case letters, digits, '-' and '_'"
        )
    if key == "version":
        return f"version '{value}' is not a semantic version like 1.0.0"
    if key == "language":
        return f"language '{value}' is not a BCP 47 language tag like en or pt-BR"
    return f"{name} does not have the expected form"
