"""The JSON Schema of the JSON report (``launchgate check --json``), printed by
``launchgate schema --report``.

``schema_version`` is a promise to readers: the same number, the same shape. ``SHAPES`` holds
the digest of this schema for each version; a test fails when the schema (and the report it
describes, which must validate against it) changes while ``SCHEMA_VERSION`` stays the same.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from launchgate.core.diagnosis import LAYERS
from launchgate.core.model import Severity, Status
from launchgate.report.json import SCHEMA_VERSION

_SEVERITIES = [s.value for s in Severity]
_STATUSES = [s.value for s in Status]
_STRING = {"type": "string"}
_OPTIONAL_STRING = {"type": ["string", "null"]}
_SECONDS = {"type": "number", "minimum": 0}


def _object(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
        **extra,
    }


_RESULT = _object(
    {
        "id": {**_STRING, "description": "Check id: area.check[:target], unique in a report."},
        "rule": {**_STRING, "description": "The id without its target (`launchgate explain`)."},
        "area": {"type": "string"},
        "target": _OPTIONAL_STRING,
        "title": _STRING,
        "status": {"enum": _STATUSES, "description": "error: could not verify."},
        "severity": {"enum": _SEVERITIES},
        "message": _STRING,
        "details": {"type": "array", "items": _STRING},
        "remediation": _STRING,
        "duration": _SECONDS,
        "file": {**_OPTIONAL_STRING, "description": "Relative to launchgate.yml's folder."},
        "line": {"type": ["integer", "null"], "minimum": 1},
        "data": {"type": "object", "description": "Facts and figures of the check."},
        "layer": {
            "enum": [*LAYERS, None],
            "description": "Where a failing network check broke (core/diagnosis.py).",
        },
        "caused_by": {**_OPTIONAL_STRING, "description": "Id of the result this one follows from."},
    }
)

REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://launchgate.invalid/report/v{SCHEMA_VERSION}.json",
    "title": "launchgate JSON report",
    **_object(
        {
            "schema_version": {"const": SCHEMA_VERSION},
            "tool": _object({"name": {"const": "launchgate"}, "version": _STRING}),
            "project": _STRING,
            "config_file": _OPTIONAL_STRING,
            "started_at": {**_STRING, "description": "ISO 8601, UTC."},
            "hostname": _STRING,
            "summary": _object(
                {
                    "passed": {"type": "boolean"},
                    "fail_on": {"enum": _SEVERITIES},
                    "failing": {"type": "integer", "minimum": 0},
                    "counts": {
                        "type": "object",
                        "propertyNames": {"enum": _STATUSES},
                        "additionalProperties": {"type": "integer", "minimum": 0},
                    },
                    "duration": _SECONDS,
                    "area_durations": {"type": "object", "additionalProperties": _SECONDS},
                }
            ),
            "results": {
                "type": "array",
                "items": _RESULT,
                "description": "Most severe problems first.",
            },
            "inventories": {"type": "object"},
        }
    ),
}

# Digest of REPORT_SCHEMA per schema_version: a new shape needs a new version and a new line.
SHAPES = {1: "90515a808af6830f", 2: "8a2314d8958a1dd5"}


def shape_digest(schema: dict[str, Any] | None = None) -> str:
    text = json.dumps(schema if schema is not None else REPORT_SCHEMA, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
