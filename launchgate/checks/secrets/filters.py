"""launchgate's verdicts on top of detect-secrets': what a detector found that is not a
secret — checksums, placeholders, literals, development defaults, and values public by
design (publishable keys, anon JWTs, site-verification tokens, reCAPTCHA site keys)."""

from __future__ import annotations

import base64
import json
import re

from detect_secrets.plugins.basic_auth import BasicAuthDetector
from detect_secrets.plugins.high_entropy_strings import HexHighEntropyString
from detect_secrets.plugins.keyword import KeywordDetector

# Subresource-integrity and lock-file hashes ("sha512-…"): checksums, not credentials.
_INTEGRITY = re.compile(r"^sha(?:1|256|384|512)-[A-Za-z0-9+/]+={0,2}$")

# Documentation placeholders (AWS's own AKIA…EXAMPLE keys, "your-api-key", "xxxx", "<token>").
_PLACEHOLDER = re.compile(
    r"(?i)example|placeholder|changeme|change[-_]me|dummy|redacted|x{5,}|\*{4,}|^<[^>]*>$"
    r"|(?:^|[-_])your[-_]|\.\.\.$|…$"
)
# Keys that are public by design (Stripe publishable keys are meant for the browser).
_PUBLISHABLE = re.compile(r"^['\"]?pk_(?:live|test)_[A-Za-z0-9]{10,}['\"]?$")
# Literals a keyword detector picks up from flow-style YAML or JSON: `{secret: true}`.
_LITERAL = re.compile(r"(?i)(?:true|false|null|none|nil|yes|no|on|off|undefined)[]}),;]*")

# Development defaults keyword and URL detectors report (`POSTGRES_PASSWORD: postgres`,
# `https://user:pass@host`): not leaks.
_DEV_DEFAULTS = frozenset(
    {"password", "passwd", "secret", "postgres", "postgresql", "mysql", "mariadb", "root",
     "admin", "administrator", "guest", "test", "testing", "dev", "development", "local",
     "localhost", "user", "username", "default", "redis", "mongo", "rabbitmq", "minio",
     "minioadmin", "django", "rails", "app", "pass"}
)  # fmt: skip

_WORD_TYPES = {KeywordDetector.secret_type, BasicAuthDetector.secret_type}

_CHECKSUM_KEY = re.compile(
    r"(?i)(?:\b|_)(?:commit|sha(?:1|256|512)?|rev|revision|hash|digest|checksum|etag|git_?ref"
    r"|release|build_?id)"
    r"['\"]?\s*[:=]"
)
_CHECKSUM_URL = re.compile(r"(?i)/(?:commit|commits|tree|blob)/[0-9a-f]{7,64}\b|@[0-9a-f]{40}\b")


_LOCAL_URL = re.compile(
    r"://[^/\s@]*@(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)(?:[:/?#\s\"']|$)",
    re.IGNORECASE,
)


_ENTROPY_TYPES = (HexHighEntropyString.secret_type, "Base64 High Entropy String")
# Tokens made to be published: site-ownership verification tags and reCAPTCHA/hCaptcha
# site keys (a reCAPTCHA secret key looks the same, so the line must say it is a site key).
_PUBLIC_CONTEXT = re.compile(r"(?i)-verification|recaptcha|hcaptcha|site_?key")
_VERIFICATION = re.compile(r"(?i)[\w-]+-verification\b")
_PUBLIC_VALUE = re.compile(
    r"^6L[0-9A-Za-z_-]{38}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def public_or_placeholder_in_line(line: str, value: str, kind: str) -> bool:
    """Judgements that need the line: a password for a database on localhost (a development
    default, as in Prisma's ``johndoe:randompassword@localhost``), a placeholder of which
    the detector saw only the prefix (``ghp_xxxx…``), a JWT that is public by design."""
    if kind == BasicAuthDetector.secret_type:
        return bool(_LOCAL_URL.search(line))
    if kind in _ENTROPY_TYPES and _PUBLIC_CONTEXT.search(line) and "secret" not in line.lower():
        # detect-secrets' eager transformers hand over `name = "\"…\""`: unescape first.
        return bool(_PUBLIC_VALUE.match(value.strip("'\"\\")) or _VERIFICATION.search(line))
    if kind == "JSON Web Token":
        return _public_jwt(value) or any(sig in line for sig in _EXAMPLE_JWT_SIGNATURES)
    if kind == KeywordDetector.secret_type and _text_or_code(value):
        return True
    if len(value) < 8:
        token = re.search(re.escape(value) + r"[\w.\-…]*", line)
        return bool(token and _PLACEHOLDER.search(token.group(0)))
    return False


# An identifier chain (`settings.API_KEY`, `process.env.X`) or a call (`useApiKey();`,
# `formData.get(`): what a keyword detector picks up from code, not a literal.
_CODE = re.compile(r"^[A-Za-z_$][\w$]*(?:(?:\.[A-Za-z_$][\w$]*)+;?|(?:\.[A-Za-z_$][\w$]*)*\(.*)$")


def _text_or_code(value: str) -> bool:
    """A keyword match that is prose (`"password": "Mot de passe"` in a translation file:
    like gitleaks, a credential holds no whitespace) or code rather than a literal."""
    bare = value.strip("'\"\\")
    return bool(re.search(r"\s", bare) or _CODE.match(bare))


def _public_jwt(token: str) -> bool:
    """An anon-role JWT (Supabase's anon key) is meant for browsers: row-level security
    guards the data; jwt.io's example token is documentation. A service-role key is a
    secret."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return False
    return isinstance(claims, dict) and claims.get("role") == "anon"


# jwt.io's example token, copied into countless tests and docs.
_EXAMPLE_JWT_SIGNATURES = frozenset({"SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"})


def is_checksum(line: str, value: str, kind: str) -> bool:
    """A hex string that a key or URL names as a commit id or checksum (gitleaks does not flag these)."""
    if kind != "Hex High Entropy String" or len(value.strip("'\"")) not in (
        7,
        8,
        12,
        32,
        40,
        64,
        128,
    ):
        return False
    return bool(_CHECKSUM_KEY.search(line) or _CHECKSUM_URL.search(line))


def is_placeholder(value: str) -> bool:
    """Documentation placeholders: ``xxxxx``, ``<token>``, ``your-api-key``, ``[REDACTED]``…"""
    return bool(_PLACEHOLDER.search(value))


def not_a_secret(value: str, kind: str = "") -> bool:
    """launchgate's filters on top of detect-secrets': checksums, placeholders, literals and
    (for keyword findings) well-known development defaults."""
    if kind in _WORD_TYPES and value.strip("'\"").lower() in _DEV_DEFAULTS:
        return True
    return bool(
        _INTEGRITY.match(value)
        or _PLACEHOLDER.search(value)
        or _LITERAL.fullmatch(value)
        or _PUBLISHABLE.match(value)
    )
