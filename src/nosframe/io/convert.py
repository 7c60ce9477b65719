"""The one cattrs converter between framework TOML data and the model.

Strict on the way in: unknown keys are errors (with a "did you mean"), strings stay strings,
``"false"`` is not a bool, dates must be dates. Defaults are omitted on the way out, because TOML
has no null and small files make small diffs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import typing
from typing import Any, get_args, get_origin

import attrs
from cattrs.cols import homogenous_tuple_structure_factory, mapping_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.preconf.tomllib import make_converter
from cattrs.v import transform_error

from nosframe.model import Behaviour, Framework, Role

_LEVELS_TYPE = dict[int, tuple[str, ...]]
_HINT_SEP = "\x1f"
_KEY = "\x1e"  # in a message: replaced by the name of the key the problem is at


class StructureProblem:
    """One problem found while structuring: a message, a document path and a hint."""

    __slots__ = ("message", "path", "hint", "key")

    def __init__(self, message: str, path: str, hint: str, key: str = ""):
        self.message, self.path, self.hint = message, path, hint
        self.key = key  # for unknown keys: the offending key, to find its line

    @property
    def line_path(self) -> str:
        """The path whose line is most precise (the unknown key itself, when there is one)."""
        if self.key:
            return f"{self.path}.{self.key}" if self.path else self.key
        return self.path

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"StructureProblem({self.message!r}, {self.path!r}, {self.hint!r})"


def _type_name(tp: Any) -> str:
    names = {str: "a string", int: "a whole number", bool: "true or false", float: "a number",
             dt.date: "a date (YYYY-MM-DD)"}
    if tp in names:
        return names[tp]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "one of " + ", ".join(repr(m.value) for m in tp)
    return getattr(tp, "__name__", str(tp))


def _strict(tp: type):
    def hook(value: Any, _type: Any) -> Any:
        if type(value) is not tp and not (tp is float and type(value) is int):
            raise TypeError(f"expected {_type_name(tp)}, got {type(value).__name__} {value!r}")
        return value

    return hook


class InvalidChoice(ValueError):
    """A value that is none of an enum's values; :func:`problems_from` names the key."""

    def __init__(self, value: Any, tp: type[enum.Enum]):
        super().__init__(f"{value!r} is not a valid {tp.__name__}")
        self.value, self.type = value, tp


def _structure_enum(value: Any, tp: type[enum.Enum]) -> enum.Enum:
    try:
        return tp(value)
    except ValueError:
        raise InvalidChoice(value, tp) from None


def _structure_date(value: Any, _type: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a valid date") from None
    raise TypeError(f"expected a date (YYYY-MM-DD), got {type(value).__name__} {value!r}")


#: a level key as nosframe writes it: ASCII digits, no sign, space, underscore or leading zero
_LEVEL_KEY = re.compile(r"0|[1-9][0-9]*", re.ASCII)


def _structure_levels(value: Any, _type: Any) -> dict[int, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of level = [indicators], e.g. { \"1\" = [\"...\"] }")
    out: dict[int, tuple[str, ...]] = {}
    for key, indicators in value.items():
        # int() would take "01", " 1", "+1", "1_0" and "١" (Arabic-Indic one) too, so that
        # several keys became one level and all but one list of indicators was lost
        if type(key) is int and key >= 0:  # from Python code rather than a file
            pass
        elif not isinstance(key, str) or not _LEVEL_KEY.fullmatch(key):
            number = _loose_number(key)
            if number is None:
                raise ValueError(f"level {key!r} is not a whole number (write \"1\", \"2\" ...)")
            same = [k for k in value if k != key and _loose_number(k) == number]
            clash = f", the same level as {same[0]!r}" if same else ""
            raise ValueError(f"level {key!r} is not written as a level number{clash}: write "
                             f"\"{number}\" (ASCII digits, no spaces or leading zeros)")
        number = int(key)
        if not isinstance(indicators, list) or not all(isinstance(i, str) for i in indicators):
            raise TypeError(f"level {key!r} must be a list of indicator strings")
        out[number] = tuple(indicators)
    return dict(sorted(out.items()))


def _loose_number(key: Any) -> int | None:
    """What ``int()`` would make of a level key (None: not a number at all)."""
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def _is_list_type(tp: Any) -> bool:
    """``tuple[X, ...]``: a TOML array in the file."""
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_mapping_type(tp: Any) -> bool:
    """``dict[K, V]`` other than the two with hooks of their own (levels, override fields)."""
    return get_origin(tp) is dict and tp not in (_LEVELS_TYPE, dict[str, object])


def _list_factory(tp: Any, conv: Any):
    """Only an array is a list: a string must not become a list of its characters, nor a table a
    list of its keys (both would silently change data)."""
    inner = homogenous_tuple_structure_factory(tp, conv)

    def hook(value: Any, _type: Any) -> tuple:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list [...], got {_describe(value)}")
        return inner(value, _type)

    return hook


def _table_factory(tp: Any, conv: Any):
    """Only a table structures into an element or a key = value table."""
    inner = (conv.gen_structure_attrs_fromdict(tp) if attrs.has(tp)
             else mapping_structure_factory(tp, conv))

    numbered = _NUMBER_AS_TEXT.get(tp, ())

    def hook(value: Any, _type: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_describe(value)}")
        if numbered and any(type(value.get(name)) is int for name in numbered):
            value = {k: str(v) if k in numbered and type(v) is int else v
                     for k, v in value.items()}
        return inner(value, _type)

    return hook


#: string fields where a whole number is written as often as text, and means the same: a role's
#: grade (``level = 1``, as most organisations number their grades, or ``level = "B"``)
_NUMBER_AS_TEXT: dict[type, tuple[str, ...]] = {Role: ("level",)}


def _format_exception(exc: BaseException, tp: Any) -> str:
    """Messages for people, with a hint after a separator (split by :func:`problems_from`)."""
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)]
        parts = []
        hints = []
        for extra in sorted(exc.extra_fields):
            parts.append(repr(extra))
            close = difflib.get_close_matches(extra, known, n=1, cutoff=0.6)
            if close:
                hints.append(f"did you mean {close[0]!r} instead of {extra!r}?")
        hint = " ".join(hints) or "allowed keys here: " + ", ".join(known)
        what = "unknown key" if len(parts) == 1 else "unknown keys"
        first = sorted(exc.extra_fields)[0]
        return f"{what} {', '.join(parts)}{_HINT_SEP}{hint}{_HINT_SEP}{first}"
    if isinstance(exc, KeyError):
        return f"required key missing{_HINT_SEP}add it; see docs/format.md"
    if isinstance(exc, InvalidChoice):
        text = repr(exc.value)
        text = text if len(text) <= 40 else text[:37] + "..."
        return f"{text} is not a valid {_KEY}{_HINT_SEP}use {_type_name(exc.type)}"
    if tp is dt.date or dt.date in getattr(tp, "__args__", ()):
        return f"{exc}{_HINT_SEP}write a TOML date like 2026-03-31 (no quotes)"
    if isinstance(exc, TypeError) and str(exc).startswith("expected a list"):
        return f'{exc}{_HINT_SEP}write a list in square brackets, e.g. ["a", "b"]'
    if isinstance(exc, TypeError) and str(exc).startswith("expected a table"):
        return (f"{exc}{_HINT_SEP}write a table: [[name]] with key = value lines, or "
                "{ key = value, ... }; see docs/format.md")
    if isinstance(exc, (TypeError, ValueError)):
        message = str(exc) or f"invalid value, expected {_type_name(tp)}"
        if tp is not None and not str(exc):
            message = f"invalid value, expected {_type_name(tp)}"
        return f"{message}{_HINT_SEP}see docs/format.md for the type of this key"
    return f"{exc}{_HINT_SEP}see docs/format.md"


def _jsonish_path(path: str) -> str:
    """cattrs paths look like ``$.roles[3].standards[1]``; ours drop the ``$``."""
    path = path.removeprefix("$").removeprefix(".")
    return path


def _key_name(path: str) -> str:
    """``standards[0].validity`` -> ``validity``; ``roles[1].categories[2]`` -> ``categories``."""
    name = re.sub(r"(\[\d+\])+$", "", path).rsplit(".", 1)[-1]
    return name or "value"


def problems_from(exc: BaseException) -> list[StructureProblem]:
    """Flatten a cattrs validation error into problems with document paths and hints."""
    if not isinstance(exc, (ClassValidationError, IterableValidationError)):
        text = _format_exception(exc, None)
        message, _, hint = text.partition(_HINT_SEP)
        return [StructureProblem(message.replace(_KEY, "value"), "", hint)]
    out = []
    for line in transform_error(exc, path="$", format_exception=_format_exception):
        text, _, path = line.rpartition(" @ ")
        message, _, hint = text.partition(_HINT_SEP)
        hint, _, key = hint.partition(_HINT_SEP)
        path = _jsonish_path(path)
        if _KEY in message:
            message = message.replace(_KEY, _key_name(path))
        if message == "required key missing" and path:
            message = f"required key {path.rsplit('.', 1)[-1]!r} missing"
            path = path.rsplit(".", 1)[0] if "." in path else ""
        out.append(StructureProblem(message, path, hint, key))
    return out


def _make():
    conv = make_converter(forbid_extra_keys=True, omit_if_default=True)
    for tp in (str, int, bool, float):
        conv.register_structure_hook(tp, _strict(tp))
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook_func(lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
                                      _structure_enum)
    conv.register_structure_hook_factory(_is_list_type, _list_factory)
    conv.register_structure_hook_factory(lambda t: attrs.has(t) or _is_mapping_type(t),
                                         _table_factory)
    conv.register_structure_hook_func(lambda t: t == _LEVELS_TYPE, _structure_levels)
    conv.register_unstructure_hook_func(
        lambda t: t == _LEVELS_TYPE, lambda v: {str(k): list(i) for k, i in sorted(v.items())}
    )
    conv.register_structure_hook_func(
        lambda t: t == dict[str, object], lambda v, _: _plain_table(v)
    )
    conv.register_unstructure_hook_func(lambda t: t == dict[str, object], dict)
    return conv


def _plain_table(value: Any) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TypeError("expected a table of field = value")
    return dict(value)


converter = _make()


class _Unusual(Exception):
    """Data the fast structuring leaves to cattrs (which says what is wrong, or structures it)."""


def _fast_structure_fn(cls: type, made: dict[type, Any]) -> Any:
    """A function structuring a plain table into ``cls`` as :data:`converter` does, for data as
    a TOML file gives it (tables are dicts, arrays lists); anything else, and anything wrong,
    raises (:class:`_Unusual`, or the model's own ValueError) for cattrs to structure it, or
    to say what is wrong with its usual message. Generated once a class, like cattrs's own."""
    if cls in made:
        return made[cls]
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    names = {a.name for a in fields}
    ns: dict[str, Any] = {"Unusual": _Unusual, "allowed": frozenset(names), "cls": cls}
    body = ["    if type(d) is not dict or not d.keys() <= allowed:", "        raise Unusual"]
    convert = []
    numbered = _NUMBER_AS_TEXT.get(cls, ())
    for a in fields:
        name, tp = a.name, hints[a.name]
        check = []
        if a.default is attrs.NOTHING:
            body += [f"    if {name!r} not in d:", "        raise Unusual"]
        if tp in (str, int, bool):
            ns[f"t_{name}"] = tp
            if name in numbered:  # a role's grade written as a number: its text
                convert += [f"    v = d.get({name!r})", "    if type(v) is int:",
                            f"        kw[{name!r}] = str(v)",
                            f"    elif v is not None and type(v) is not t_{name}:",
                            "        raise Unusual"]
                continue
            check = [f"    if {name!r} in d and type(d[{name!r}]) is not t_{name}:",
                     "        raise Unusual"]
            body += check
            continue
        if _is_list_type(tp) and get_args(tp)[0] is str:
            convert += [f"    v = d.get({name!r})", "    if v is not None:",
                        "        if type(v) is not list:", "            raise Unusual",
                        "        for x in v:", "            if type(x) is not str:",
                        "                raise Unusual", f"        kw[{name!r}] = tuple(v)"]
            continue
        if _is_list_type(tp) and attrs.has(get_args(tp)[0]):
            ns[f"s_{name}"] = _fast_structure_fn(get_args(tp)[0], made)
            convert += [f"    v = d.get({name!r})", "    if v is not None:",
                        "        if type(v) is not list:", "            raise Unusual",
                        f"        kw[{name!r}] = tuple([s_{name}(x) for x in v])"]
            continue
        if attrs.has(tp):
            ns[f"s_{name}"] = _fast_structure_fn(tp, made)
            convert += [f"    if {name!r} in d:", f"        kw[{name!r}] = s_{name}(d[{name!r}])"]
            continue
        ns[f"h_{name}"], ns[f"t_{name}"] = converter.get_structure_hook(tp), tp
        convert += [f"    if {name!r} in d:",
                    f"        kw[{name!r}] = h_{name}(d[{name!r}], t_{name})"]
    lines = [f"def structure_{cls.__name__}(d):", *body]
    lines += ["    kw = dict(d)", *convert] if convert else ["    kw = d"]
    lines.append("    return cls(**kw)")
    exec(compile("\n".join(lines), f"<nosframe fast structure {cls.__name__}>", "exec"), ns)
    made[cls] = ns[f"structure_{cls.__name__}"]
    return made[cls]


_fast_framework = _fast_structure_fn(Framework, {})


def structure_framework(data: dict) -> Framework:
    """Structure TOML data into a :class:`Framework` (raises cattrs errors).

    Data as a framework file gives it takes a path generated for the model's classes (strict
    in the same way, and giving the same model); whatever that path does not take, and every
    error, goes through the cattrs converter, so the result and every message are cattrs's."""
    try:
        return _fast_framework(data)
    except Exception:
        return converter.structure(data, Framework)


def unstructure(obj: Any) -> Any:
    return converter.unstructure(obj)


def structure(data: Any, cl: type) -> Any:
    return converter.structure(data, cl)


__all__ = ["Behaviour", "StructureProblem", "converter", "problems_from", "structure",
           "structure_framework", "unstructure"]
