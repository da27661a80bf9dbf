"""DKIM key records (RFC 6376 section 3.6.1, RFC 8463): parse and measure the published key."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

KEY_TYPES = ("rsa", "ed25519")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_FWS = " \t\r\n"


class DkimError(ValueError):
    """A record that is not a usable DKIM key record."""


@dataclass(frozen=True)
class DkimKey:
    tags: dict[str, str] = field(default_factory=dict)
    key_type: str = "rsa"
    key_bits: int | None = None

    @property
    def revoked(self) -> bool:
        return self.tags.get("p", "") == ""

    @property
    def flags(self) -> list[str]:
        return [f.strip(_FWS) for f in self.tags.get("t", "").split(":") if f.strip(_FWS)]

    @property
    def testing(self) -> bool:
        return "y" in self.flags


def parse_tags(text: str) -> dict[str, str]:
    """RFC 6376 tag-list: ``name=value`` separated by ``;``; names are case-sensitive."""
    if not text.strip(_FWS):
        raise DkimError("empty record")
    parts = text.split(";")
    if parts[-1] == "":
        parts.pop()
    tags: dict[str, str] = {}
    for part in parts:
        name, eq, value = part.partition("=")
        name = name.strip(_FWS)
        if not eq or not _TAG_NAME.fullmatch(name):
            raise DkimError(f"syntax error near {part.strip(_FWS)!r} (expected tag=value)")
        if name in tags:
            raise DkimError(f"duplicate tag {name}=")
        tags[name] = value.strip(_FWS)
    return tags


def _decode(p: str) -> bytes:
    compact = "".join(p.split())
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise DkimError("p= is not valid base64") from None


def key_size(key_type: str, p: str) -> int:
    """Bits of the public key in ``p=``; DkimError when it is not a key of that type."""
    der = _decode(p)
    if key_type == "ed25519":
        if len(der) != 32:
            raise DkimError("bad public key: an Ed25519 key is 32 bytes")
        ed25519.Ed25519PublicKey.from_public_bytes(der)
        return 256
    try:
        key = load_der_public_key(der)
    except ValueError:
        raise DkimError("bad public key: p= is not an RSA public key") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise DkimError("bad public key: p= holds a non-RSA key while k=rsa")
    return key.key_size


def parse_key_record(text: str) -> DkimKey:
    """Parse a DKIM key record; an empty ``p=`` parses (a revoked key, judged elsewhere)."""
    tags = parse_tags(text)
    if "v" in tags:
        if next(iter(tags)) != "v":
            raise DkimError("v=DKIM1 must be the first tag")
        if tags["v"] != "DKIM1":
            raise DkimError(f"v={tags['v']} is not DKIM1")
    key_type = tags.get("k", "rsa")
    if key_type not in KEY_TYPES:
        raise DkimError(f"unknown algorithm k={key_type} (use rsa or ed25519)")
    if "p" not in tags:
        raise DkimError("missing p= (the public key)")
    bits = key_size(key_type, tags["p"]) if tags["p"] else None
    return DkimKey(tags, key_type, bits)


def looks_like_dkim(text: str) -> bool:
    """Is this TXT meant as a DKIM key (so that a parse error is worth reporting)?"""
    compact = text.replace(" ", "")
    return compact.startswith("v=DKIM1") or "p=" in compact or "k=" in compact
