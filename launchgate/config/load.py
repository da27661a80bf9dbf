"""Read launchgate.yml: YAML with line numbers, ${VAR} expansion, then typed validation.

Every error names the file, line and column and the key path, so a founder can go
straight to the mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from launchgate.config.convert import ConversionError, build, format_path
from launchgate.config.model import ConfigSource, GateConfig
from launchgate.config.sites import default_location, expand_sites

MAX_VALUES = 100_000
CONFIG_NAMES = ("launchgate.yml", ".launchgate.yml", "launchgate.yaml")
_VAR_RE = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{")


class ConfigError(Exception):
    """A config problem, with where it is."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.file is None and self.line is None:
            return self.message
        where = self.file or "config"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def find_config(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path, environ: Mapping[str, str]) -> GateConfig:
    """Load and validate ``path``; raises ConfigError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the config: {exc.strerror or exc}", str(path)) from None
    return parse_config(decode_config(data, str(path)), environ, str(path))


def decode_config(data: bytes, filename: str) -> str:
    """UTF-8 (with or without a BOM) or, as YAML allows, UTF-16 with a BOM; CRLF is fine."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = (
            f"the config is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}): "
            "save it as UTF-8"
        )
        raise ConfigError(message, filename, line) from None


def parse_config(text: str, environ: Mapping[str, str], filename: str | None = None) -> GateConfig:
    """Parse config text; ``filename`` is only for messages and report locations."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, filename) from None
    if node is None:
        raise ConfigError("the config is empty; it needs at least 'version: 1'", filename, 1, 1)
    locations: dict[str, tuple[int, int]] = {}
    data = _NodeReader(environ, filename, locations).read(node, ())
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of keys", filename, 1, 1)
    try:
        config = build(GateConfig, expand_sites(data))
    except ConversionError as exc:
        line, col = _locate(locations, _origin(locations, exc.path))
        key = format_path(exc.path)
        named = not exc.path or exc.message.startswith("unknown key")  # names its own key
        message = exc.message if named else f"{key}: {exc.message}"
        raise ConfigError(message, filename, line, col) from None
    return replace(config, source=ConfigSource(filename, locations))


def _origin(
    locations: Mapping[str, tuple[int, int]], path: tuple[str | int, ...]
) -> tuple[str | int, ...]:
    """A merged site's value that the site does not set came from the top-level default."""
    fallback = default_location(path)
    if fallback is None or ".".join(map(str, path)) in locations:
        return path
    return fallback


# PyYAML's wording → what a person should do about it.
_YAML_HINTS = (
    ("'\\t'", "YAML indents with spaces, not tabs"),
    (
        "expected <block end>",
        "this line's indentation does not line up with the lines above: keys of one section "
        "must start in the same column",
    ),
    ("mapping values are not allowed", "a value containing ': ' must be quoted"),
    ("end of stream", "a quote or bracket opened here is never closed"),
    ("<stream end>", "a bracket opened here is never closed"),
    ("could not find expected ':'", "a key needs ': ' after it, or a value needs quotes"),
)


def _yaml_error(exc: yaml.YAMLError, filename: str | None) -> ConfigError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    hints = [hint for needle, hint in _YAML_HINTS if needle in problem]
    if hints:
        message += "; " + hints[0]
    start = getattr(exc, "context_mark", None)
    if ("end of stream" in problem or "<stream end>" in problem) and start is not None:
        mark = start  # where the unclosed quote or bracket opened
    if mark is None:
        return ConfigError(message, filename)
    return ConfigError(message, filename, mark.line + 1, mark.column + 1)


def _locate(
    locations: Mapping[str, tuple[int, int]], path: tuple[str | int, ...]
) -> tuple[int | None, int | None]:
    parts = [str(p) for p in path]
    while parts:
        found = locations.get(".".join(parts))
        if found:
            return found
        parts.pop()
    return locations.get("", (None, None))  # type: ignore[return-value]


class _NodeReader:
    """Plain Python data from a YAML node tree, recording where each key path stands."""

    def __init__(
        self,
        environ: Mapping[str, str],
        filename: str | None,
        locations: dict[str, tuple[int, int]],
    ) -> None:
        self.environ = environ
        self.filename = filename
        self.locations = locations
        self.count = 0
        self.constructor = yaml.SafeLoader("")
        self.resolver = yaml.resolver.Resolver()

    def read(self, node: Node, path: tuple[str, ...]) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:  # aliases can expand exponentially ("billion laughs")
            raise self._error(f"the config expands to more than {MAX_VALUES} values", node)
        self.locations[".".join(path)] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.read(item, (*path, str(i))) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: tuple[str, ...]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, ScalarNode) else None
            if isinstance(key, bool) and key_node.style is None:
                key = key_node.value  # `on:` is a name here, not YAML 1.1's boolean "true"
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise self._error("a key must be a plain name", key_node)
            key = str(key)
            if key in out:
                raise self._error(f"duplicate key '{key}'", key_node)
            self.locations[".".join((*path, key))] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.read(value_node, (*path, key))
            self.locations[".".join((*path, key))] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        value = node.value
        if "$" in value:
            value = self._expand(value, node)
            if node.style is None:  # plain scalar: re-type it after expansion (e.g. "20" → 20)
                tag = self.resolver.resolve(ScalarNode, value, (True, False))
                node = ScalarNode(tag, value, node.start_mark, node.end_mark, style=None)
            else:
                return value
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self._error(f"invalid value: {exc}", node) from None

    def _expand(self, value: str, node: Node) -> str:
        def substitute(match: re.Match[str]) -> str:
            if match.group(0) == "$$":
                return "$"
            if match.group(0) == "${":  # neither ${NAME} nor ${NAME:-default}
                raise self._error(
                    f"'{value}' has a '${{' that does not form ${{NAME}} or ${{NAME:-default}}"
                    " (a closing '}' is missing, or the name is not letters, digits and _); "
                    "write $${ for a literal '${'",
                    node,
                )
            name, default = match.group(1), match.group(2)
            found = self.environ.get(name)
            if found not in (None, ""):
                return str(found)
            if default is not None:
                return default
            state = "is empty" if found == "" else "is not set"
            raise self._error(
                f"environment variable {name} {state} (set it, or write ${{{name}:-default}} "
                "to give a default)",
                node,
            )

        return _VAR_RE.sub(substitute, value)

    def _error(self, message: str, node: Node) -> ConfigError:
        mark = node.start_mark
        return ConfigError(message, self.filename, mark.line + 1, mark.column + 1)
