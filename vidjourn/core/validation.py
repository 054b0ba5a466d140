"""Every pydantic validation error worded the same way, in the user's language (issue 18: five copies).

A problem is ``"<key path>: <what is wrong>"``; the key path is written as in the file
(``items[0].speed``, ``regions[1].from``). A loader with words of its own for some errors passes
``special`` (returning ``None`` for the errors it leaves to the common wording).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from vidjourn.core.i18n import t

# pydantic error types -> our own wording (both languages); others fall back to pydantic's English.
_TYPE_KEYS = {
    "float_type": "number", "float_parsing": "number", "int_type": "integer", "int_parsing": "integer",
    "int_from_float": "integer", "bool_type": "bool", "bool_parsing": "bool", "string_type": "text",
    "list_type": "list", "model_type": "mapping", "dict_type": "mapping", "model_attributes_type": "mapping",
    "literal_error": "choice", "less_than_equal": "le", "less_than": "lt", "greater_than_equal": "ge",
    "greater_than": "gt", "too_short": "empty", "string_too_short": "empty", "finite_number": "finite",
    "too_long": "too_long", "string_too_long": "too_long", "string_pattern_mismatch": "pattern",
    "date_type": "date", "date_parsing": "date", "date_from_datetime_parsing": "date", "datetime_type": "date",
    "datetime_parsing": "date", "enum": "choice", "dict_attributes_type": "mapping",
    "tuple_type": "list", "set_type": "list", "frozen_set_type": "list",
}
_ALIASES = {"from_": "from"}  # field names that are Python keywords, as written in the file

Special = Callable[[str, Mapping[str, Any]], "str | None"]


def where(loc: Iterable[Any], prefix: str = "") -> str:
    """A key path as written in the file: ``items[0].story.title``."""
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + _ALIASES.get(str(part), str(part))
    return out or "(top)"


def wording(err: Mapping[str, Any]) -> str:
    """What is wrong, for one pydantic error (without its key path)."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return t("settings.problem.unknown_key")
    if kind == "missing":
        return t("settings.problem.missing")
    if kind == "value_error":
        return str(ctx.get("error", err.get("msg", ""))).removeprefix("Value error, ")
    key = _TYPE_KEYS.get(kind)
    if key == "empty":
        return t("settings.problem.empty")
    limit = next((ctx[k] for k in ("le", "lt", "ge", "gt", "max_length") if k in ctx), "")
    # pydantic's own English never reaches an Indonesian screen: an error type without our wording is
    # named by its type (stable, language-neutral) under a translated sentence.
    msg = (t(f"settings.problem.{key}", expected=ctx.get("expected", ""), limit=limit) if key
           else t("settings.problem.invalid", kind=kind or "?"))
    if "input" not in err:
        return msg
    got = repr(err.get("input"))
    got = got if len(got) <= 80 else got[:77] + "..."  # a hostile file's value is named, not dumped
    return f"{msg} ({t('settings.problem.got')} {got})"


def problem(loc: Iterable[Any], err: Mapping[str, Any], prefix: str = "", special: Special | None = None) -> str:
    """One error as ``"<key path>: <what is wrong>"``."""
    path = where(loc, prefix)
    said = special(path, err) if special is not None else None
    return said if said is not None else f"{path}: {wording(err)}"


def problems(exc: ValidationError, prefix: str = "", special: Special | None = None) -> list[str]:
    """Every error of ``exc``, each once, in the order pydantic found them."""
    out: dict[str, None] = {}
    for err in exc.errors():
        out.setdefault(problem(err.get("loc", ()), err, prefix, special), None)
    return list(out)
