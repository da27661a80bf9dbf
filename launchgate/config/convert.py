"""Turn plain YAML data into frozen dataclasses by their type hints, and describe them as JSON Schema.

The dataclasses in ``config.py`` are the single source of truth: the loader validates against
them and ``launchgate schema`` prints the JSON Schema derived from them, so the two cannot drift.
Special value types (durations, percentages, regexes, URLs, host names) are ``Annotated``
markers defined here.
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

from launchgate.core.hostport import split_host_port


class ConversionError(ValueError):
    """A value that does not fit its type, at a key path such as ``("dns", "records", 0)``."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(frozen=True, eq=False)
class Marker:
    """A value type with its own parsing; ``json`` is its JSON Schema fragment."""

    name: str
    parse: typing.Callable[[Any], Any]
    json: Mapping[str, Any]


_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")
_DURATION_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "b": 1,
    "kb": 1000,
    "kib": 1024,
    "mb": 10**6,
    "mib": 2**20,
    "gb": 10**9,
    "gib": 2**30,
}
_HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}\.?$)(?:(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\.)*(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\.?$"
)


def parse_duration(value: Any) -> float:
    """``300ms``, ``10s``, ``2m``, ``1h``, ``3d`` → seconds.

    A bare number is refused: ``p95: 300`` meant as milliseconds would silently become a
    five-minute budget that always passes.
    """
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 300ms, 10s or 2m")
    if isinstance(value, (int, float)):
        raise ValueError(f"{value!r} has no unit: write {value}ms or {value}s")
    m = _DURATION_RE.match(str(value))
    if not m:
        raise ValueError(
            f"{value!r} is not a duration: write a number and a unit (ms, s, m, h or d), "
            "e.g. 300ms, 10s or 2m"
        )
    seconds = float(m.group(1)) * _DURATION_UNITS[m.group(2)]
    if seconds <= 0:
        raise ValueError("a duration must be greater than zero")
    return seconds


def parse_percent(value: Any) -> float:
    """``25%`` → 0.25. A bare number is taken as percent too (``25`` → 0.25)."""
    if isinstance(value, bool):
        raise ValueError("expected a percentage such as 25%")
    text = str(value).strip()
    number = text[:-1].strip() if text.endswith("%") else text
    try:
        fraction = float(number) / 100.0
    except ValueError:
        raise ValueError(f"{value!r} is not a percentage: write it like 25%") from None
    if fraction < 0:
        raise ValueError("a percentage cannot be negative")
    return fraction


def parse_size(value: Any) -> int:
    """``1MiB``, ``500KB``, ``2048`` (bytes) → bytes."""
    if isinstance(value, bool):
        raise ValueError("expected a size such as 1MiB")
    m = _SIZE_RE.match(str(value))
    if not m:
        raise ValueError(f"{value!r} is not a size: use bytes or KB, KiB, MB, MiB, GB, GiB")
    return int(float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "b").lower()])


def parse_regex(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a regular expression (a string)")
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
    return value


def parse_url(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a URL (a string)")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) URL such as https://www.example.com/")
    _check_hostname(parts.hostname)
    return value


def to_ascii_hostname(value: str) -> str:
    """An internationalised name (``bücher.example``) as DNS sees it (``xn--bcher-kva.example``)."""
    if value.isascii():
        return value
    try:
        return value.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{value!r} is not a valid host name") from None


def _check_hostname(value: str) -> str:
    try:
        ipaddress.ip_address(value.strip("[]"))
        return value
    except ValueError:
        pass
    if not _HOSTNAME_RE.match(to_ascii_hostname(value)):
        raise ValueError(f"{value!r} is not a valid host name")
    return value


def parse_hostname(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a host name (a string)")
    if "://" in value or "/" in value.strip().rstrip("/"):
        host = value.split("://", 1)[-1].split("/", 1)[0] or "shop.example"
        raise ValueError(f"{value!r} is a URL: write only the host name, e.g. {host}")
    return to_ascii_hostname(_check_hostname(value.strip())).lower()


def parse_ip(value: Any) -> str:
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ValueError(f"{value!r} is not an IPv4 or IPv6 address") from None


def parse_host_port(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected host or host:port (a string)")
    try:
        host, port = split_host_port(value)
    except ValueError:
        raise ValueError(f"{value!r} has a port that is not a number") from None
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"{value!r} has a port outside 1-65535")
    _check_hostname(host)
    return value.strip()


def parse_pin_key(value: Any) -> str:
    """``host`` or ``host:port`` (lower-cased), the left side of a ``network.resolve`` pin."""
    text = parse_host_port(value)
    host, port = split_host_port(text)
    return f"{host.lower().rstrip('.')}:{port}" if port else host.lower().rstrip(".")


def parse_pin_target(value: Any) -> str:
    """``address`` or ``address:port`` (IPv6 as ``[::1]:8443``), the right side of a pin."""
    if not isinstance(value, str):
        raise ValueError("expected an IP address or address:port")
    host, port = split_host_port(value)
    address = parse_ip(host)
    if port is None:
        return address
    if not 0 < port < 65536:
        raise ValueError(f"{value!r} has a port outside 1-65535")
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or ``localhost``: traffic that never leaves the machine."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_webhook_url(value: Any) -> str:
    """An https URL (plain http only to loopback). It is a secret, so it is never echoed."""
    if not isinstance(value, str):
        raise ValueError("expected a webhook URL (a string)")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("is not an http(s) URL (the value is not shown: it holds a secret)")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError(
            "must be https: over http its secret path travels in clear "
            "(http is allowed only to a loopback address)"
        )
    return value.strip()


_ADDRESS_RE = re.compile(r"^[^@\s<>\"(),;:\\\[\]]+@[^@\s<>\"(),;:\\\[\]]+$")


def parse_email_address(value: Any) -> str:
    """``alerts@shop.example``: a bare address (no display name, nothing that ends a header)."""
    if not isinstance(value, str) or not _ADDRESS_RE.match(value.strip()):
        raise ValueError(f"{_show(value)} is not an email address such as alerts@shop.example")
    local, _, domain = value.strip().rpartition("@")
    try:
        host = to_ascii_hostname(_check_hostname(domain))
    except ValueError:
        raise ValueError(f"{_show(value)} has no valid domain after the @") from None
    return f"{local}@{host}"


_DURATION_SCHEMA = {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)\s*$|\$\{"}
Duration = Annotated[float, Marker("duration", parse_duration, _DURATION_SCHEMA)]
Percent = Annotated[float, Marker("percent", parse_percent, {"type": ["string", "number"]})]
Size = Annotated[int, Marker("size", parse_size, {"type": ["string", "integer"]})]
Regex = Annotated[str, Marker("regex", parse_regex, {"type": "string", "format": "regex"})]
Url = Annotated[str, Marker("url", parse_url, {"type": "string", "format": "uri"})]
Hostname = Annotated[str, Marker("hostname", parse_hostname, {"type": "string"})]
IPAddress = Annotated[str, Marker("ip", parse_ip, {"type": "string"})]
HostPort = Annotated[str, Marker("host:port", parse_host_port, {"type": "string"})]
PinKey = Annotated[str, Marker("host or host:port", parse_pin_key, {"type": "string"})]
PinTarget = Annotated[str, Marker("address or address:port", parse_pin_target, {"type": "string"})]
WebhookUrl = Annotated[
    str, Marker("webhook URL", parse_webhook_url, {"type": "string", "format": "uri"})
]
EmailAddress = Annotated[
    str, Marker("email address", parse_email_address, {"type": "string", "format": "email"})
]


def yaml_key(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get("key", f.name))


def public_fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def describe_type(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Annotated:
        return get_args(tp)[1].name
    if origin is Literal:
        return " or ".join(repr(a) for a in get_args(tp))
    if is_union(tp):
        return " or ".join(describe_type(a) for a in get_args(tp) if a is not type(None))
    if origin in (tuple, list):
        item = get_args(tp)[0]
        return f"list of {_PLAIN_PLURALS.get(item) or describe_type(item)}"
    if origin in (dict, Mapping) or origin is typing.Mapping:
        return f"mapping of {describe_type(get_args(tp)[1])}"
    if tp is dict or dataclasses.is_dataclass(tp) or tp is Any:
        return "mapping" if tp is not Any else "any"
    return _PLAIN_TYPES.get(tp, getattr(tp, "__name__", str(tp)))


_PLAIN_TYPES: dict[Any, str] = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "text",
}
_PLAIN_PLURALS: dict[Any, str] = {int: "whole numbers", float: "numbers", str: "text"}


def convert(tp: Any, value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """Convert ``value`` to ``tp``, raising ConversionError with the key path on a mismatch."""
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin is Annotated:
        marker: Marker = get_args(tp)[1]
        try:
            return marker.parse(value)
        except ValueError as exc:
            raise ConversionError(path, str(exc)) from None
    if is_union(tp):
        return _convert_union(tp, value, path)
    if origin is Literal:
        return _convert_literal(tp, value, path)
    if origin in (tuple, list):
        return _convert_list(tp, value, path)
    if origin in (dict, Mapping) or origin is typing.Mapping:
        return _convert_mapping(tp, value, path)
    if dataclasses.is_dataclass(tp):
        return build(typing.cast(type, tp), value, path)
    return _convert_scalar(tp, value, path)


def _convert_union(tp: Any, value: Any, path: tuple[str | int, ...]) -> Any:
    options = get_args(tp)
    if value is None and type(None) in options:
        return None
    real = [o for o in options if o is not type(None)]
    if len(real) == 1:
        return convert(real[0], value, path)
    errors: list[ConversionError] = []
    for option in options:
        if option is type(None):
            continue
        try:
            return convert(option, value, path)
        except ConversionError as exc:
            errors.append(exc)
    deepest = max(errors, key=lambda e: len(e.path))
    if len(deepest.path) > len(path):
        raise deepest
    raise ConversionError(path, f"expected {describe_type(tp)}, got {_show(value)}")


def _convert_literal(tp: Any, value: Any, path: tuple[str | int, ...]) -> Any:
    for allowed in get_args(tp):
        if value == allowed and type(value) is type(allowed):
            return value
        if isinstance(value, str) and value.strip().lower() == str(allowed).lower():
            return allowed  # case-insensitive, and `version: "1"` as well as `version: 1`
    choices = [str(a) for a in get_args(tp)]
    close = difflib.get_close_matches(str(value).lower(), choices, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    message = f"{_show(value)} is not one of: {', '.join(choices)}{hint}"
    raise ConversionError(path, message)


def _convert_list(tp: Any, value: Any, path: tuple[str | int, ...]) -> tuple[Any, ...]:
    if not isinstance(value, list):
        example = f"[{value!r}]" if isinstance(value, (str, int, float)) else "[a, b]"
        raise ConversionError(
            path, f"expected a list such as {example} (in brackets), got {_show(value)}"
        )
    item_tp = get_args(tp)[0]
    return tuple(convert(item_tp, item, (*path, i)) for i, item in enumerate(value))


def _convert_mapping(tp: Any, value: Any, path: tuple[str | int, ...]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConversionError(
            path, f"expected a mapping (`key: value` entries), got {_show(value)}"
        )
    key_tp, value_tp = get_args(tp)
    result = {}
    for key, item in value.items():
        converted_key = convert(key_tp, key, (*path, str(key)))
        result[converted_key] = convert(value_tp, item, (*path, str(key)))
    return result


def _convert_scalar(tp: Any, value: Any, path: tuple[str | int, ...]) -> Any:
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif tp is str:
        ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        value = str(value) if ok else value
    else:
        ok = isinstance(value, tp)
    if not ok:
        raise ConversionError(path, f"expected {describe_type(tp)}, got {_show(value)}")
    return value


def _show(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"{type(value).__name__} {value!r}"


def build(cls: type, value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """Build dataclass ``cls`` from a mapping; unknown keys are errors with a suggestion."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ConversionError(
            path, f"expected a mapping (`key: value` entries), got {_show(value)}"
        )
    fields = {yaml_key(f): f for f in public_fields(cls)}
    hints = get_type_hints(cls, include_extras=True)
    for key in value:
        if key not in fields:
            raise ConversionError((*path, str(key)), unknown_key_message(str(key), fields, path))
    kwargs: dict[str, Any] = {}
    for key, f in fields.items():
        if key in value:
            kwargs[f.name] = convert(hints[f.name], value[key], (*path, key))
        elif f.metadata.get("required"):
            where = f" in {format_path(path)}" if path else ""
            raise ConversionError(path, f"missing required key '{key}'{where}")
    try:
        return cls(**kwargs)
    except ValueError as exc:
        raise ConversionError(path, str(exc)) from None


def unknown_key_message(key: str, known: Mapping[str, Any], path: tuple[str | int, ...]) -> str:
    where = f" in {format_path(path)}" if path else " at the top level"
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    allowed = ", ".join(known)
    return f"unknown key '{key}'{where}{hint}; allowed keys: {allowed}"


def format_path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
