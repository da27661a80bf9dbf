"""SPF macros (RFC 7208 section 7): syntax check and expansion."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

DOMAIN_LETTERS = frozenset("slodiphv")
EXP_LETTERS = DOMAIN_LETTERS | frozenset("crt")
DELIMITERS = ".-+,/_="
MAX_DOMAIN = 253

_MACRO = re.compile(r"%\{([A-Za-z])([0-9]*)([rR]?)([.\-+,/_=]*)\}")
_TOPLABEL = re.compile(
    r"(?:[0-9A-Za-z]*[A-Za-z][0-9A-Za-z]*|[0-9A-Za-z]+-[0-9A-Za-z-]*[0-9A-Za-z])"
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class MacroError(ValueError):
    """A macro-string that does not follow RFC 7208 section 7.1."""


@dataclass(frozen=True)
class Token:
    """A literal piece (``letter`` empty) or one ``%{...}`` expansion."""

    literal: str = ""
    letter: str = ""
    digits: int | None = None
    reverse: bool = False
    delimiters: str = ""
    escape: bool = False

    @property
    def is_macro(self) -> bool:
        return bool(self.letter)


def tokenize(text: str, letters: frozenset[str] = DOMAIN_LETTERS) -> list[Token]:
    """Split a macro-string into tokens; MacroError names the first bad spot."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "%":
            if not 0x21 <= ord(char) <= 0x7E and not (char == " " and letters is EXP_LETTERS):
                raise MacroError(f"character {char!r} is not allowed")
            tokens.append(Token(literal=char))
            i += 1
            continue
        token, i = _percent(text, i, letters)
        tokens.append(token)
    return tokens


def _percent(text: str, i: int, letters: frozenset[str]) -> tuple[Token, int]:
    nxt = text[i + 1 : i + 2]
    escapes = {"%": "%", "_": " ", "-": "%20"}
    if nxt in escapes:
        return Token(literal=escapes[nxt], escape=True), i + 2
    match = _MACRO.match(text, i)
    if not match:
        raise MacroError(f"bad macro at {text[i:]!r} (use %{{x}}, %%, %_ or %-)")
    letter, digits, rev, delims = match.groups()
    if letter.lower() not in letters:
        raise MacroError(f"macro letter {letter!r} is not allowed here")
    if digits and int(digits) == 0:
        raise MacroError("a macro's digit transformer must not be 0")
    return Token("", letter, int(digits) if digits else None, bool(rev), delims), match.end()


def check_domain_spec(spec: str) -> None:
    """RFC 7208 domain-spec: a macro-string ending in a macro or in ``.toplabel[.]``."""
    tokens = tokenize(spec)
    if not tokens:
        raise MacroError("empty domain")
    last = tokens[-1]
    if last.is_macro or last.escape:
        return
    tail = spec[:-1] if spec.endswith(".") else spec
    label = tail.rsplit(".", 1)[-1]
    if "." not in tail or not _TOPLABEL.fullmatch(label):
        raise MacroError(f"{spec!r} does not end in a valid top-level label")


@dataclass(frozen=True)
class MacroContext:
    """The values macros expand to (RFC 7208 section 7.3)."""

    sender: str
    domain: str
    ip: IPAddress
    helo: str
    receiver: str = "unknown"
    now: int = 0
    validated: Callable[[], str] = lambda: "unknown"

    @property
    def local(self) -> str:
        return self.sender.rpartition("@")[0]

    @property
    def sender_domain(self) -> str:
        return self.sender.rpartition("@")[2]

    def value(self, letter: str) -> str:
        simple = {
            "s": self.sender,
            "l": self.local,
            "o": self.sender_domain,
            "d": self.domain,
            "h": self.helo,
            "r": self.receiver,
            "t": str(self.now),
        }
        if letter in simple:
            return simple[letter]
        if letter == "v":
            return "in-addr" if self.ip.version == 4 else "ip6"
        if letter == "c":
            return str(self.ip)
        if letter == "p":
            return self.validated()
        return _dotted_ip(self.ip)


def _dotted_ip(ip: IPAddress) -> str:
    if ip.version == 4:
        return str(ip)
    return ".".join(ip.exploded.replace(":", ""))


def _transform(value: str, token: Token) -> str:
    delims = token.delimiters or "."
    parts = re.split("[" + re.escape(delims) + "]", value)
    if token.reverse:
        parts.reverse()
    if token.digits is not None:
        parts = parts[-token.digits :]
    out = ".".join(parts)
    return quote(out, safe="") if token.letter.isupper() else out


def expand(text: str, ctx: MacroContext, *, explanation: bool = False) -> str:
    """Expand a domain-spec (or, with ``explanation``, an exp text, allowing c, r, t)."""
    letters = EXP_LETTERS if explanation else DOMAIN_LETTERS
    out = []
    for token in tokenize(text, letters):
        if not token.is_macro:
            out.append(token.literal)
            continue
        value = ctx.value(token.letter.lower())
        if explanation and token.letter.lower() == "i" and ctx.ip.version == 6:
            value = value.upper()  # as the reference implementations and the RFC 7208 suite
        out.append(_transform(value, token))
    return "".join(out)


def fit_domain(name: str) -> str:
    """Drop leading labels until the name fits in 253 characters (RFC 7208 section 7.3)."""
    name = name.rstrip(".")
    while len(name) > MAX_DOMAIN and "." in name:
        name = name.split(".", 1)[1]
    return name
