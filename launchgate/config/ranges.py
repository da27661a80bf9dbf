"""Allowed ranges of the numbers in launchgate.yml, checked when the config is loaded.

A number out of range is never useful and often harmful: ``samples: 100000000000000000000``
never ends, ``timeout: 99999999999d`` overflows a timer inside a check, ``samples: 0``
measures nothing and judges it. Each numeric field says its range in its metadata
(``range=(low, high)``); the error names the key, the value and the range.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args, get_origin

_SECOND_UNITS = (("d", 86400.0), ("h", 3600.0), ("m", 60.0), ("s", 1.0), ("ms", 0.001))
_BYTE_UNITS = (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10), ("B", 1))


def out_of_range(value: Any, bounds: tuple[float, float], tp: Any) -> str | None:
    """Why ``value`` (or an item of it) is outside ``bounds``, or None when it is inside."""
    items = value if isinstance(value, tuple) else (value,)
    kind = _kind(tp)
    low, high = bounds
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            continue
        if not low <= item <= high:
            return (
                f"{show(item, kind)} is out of range: allowed from {show(low, kind)} "
                f"to {show(high, kind)}"
            )
    return None


def _kind(tp: Any) -> str:
    """``duration``, ``size``, ``percent`` or ``number``, from the field's type."""
    while get_origin(tp) in (tuple, list) or (
        get_origin(tp) is not None and type(None) in get_args(tp)
    ):
        args = [a for a in get_args(tp) if a is not type(None) and a is not Ellipsis]
        tp = args[0]
    if get_origin(tp) is Annotated:
        return str(get_args(tp)[1].name)
    return "number"


def show(value: float, kind: str) -> str:
    if kind == "duration":
        return _with_unit(value, _SECOND_UNITS)
    if kind == "size":
        return _with_unit(value, _BYTE_UNITS)
    if kind == "percent":
        return f"{value * 100:g}%"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _with_unit(value: float, units: tuple[tuple[str, float], ...]) -> str:
    for name, size in units:
        if value >= size:
            return f"{value / size:g}{name}"
    name, size = units[-1]
    return f"{value / size:g}{name}"
