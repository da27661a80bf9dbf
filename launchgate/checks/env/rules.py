"""The rules of the ``env`` family (what, why, how to fix)."""

from __future__ import annotations

from launchgate.core.model import Severity
from launchgate.core.rules import Rule

REQUIRED = Rule(
    id="env.required",
    title="Required environment variable is set",
    severity=Severity.HIGH,
    what="Every variable under env.vars (unless required: false) has a non-empty value in the "
    "process environment or in one of env.files.",
    why="A missing variable is the classic launch-night outage: the app boots, then fails on "
    "the first request that needs the database, the payment provider or the mailer.",
    fix="Set the variable in your hosting provider's environment settings (or in the env file "
    "the deploy reads), then re-run the gate.",
)
PATTERN = Rule(
    id="env.pattern",
    title="Environment variable has the expected format",
    severity=Severity.HIGH,
    what="The value matches the variable's pattern regex.",
    why="A value of the wrong shape is usually the wrong value: a test key in production, a "
    "staging URL, a truncated paste.",
    fix="Replace the value with the production one; if the format legitimately changed, "
    "update the pattern in launchgate.yml.",
)
FORBID = Rule(
    id="env.forbid",
    title="Environment variable has no forbidden value",
    severity=Severity.HIGH,
    what="The value matches none of the variable's forbid regexes.",
    why="Forbidden values are known-bad settings: localhost databases, debug switches, "
    "placeholder secrets.",
    fix="Set the production value; the forbidden pattern is named in the message.",
)
DISTINCT = Rule(
    id="env.distinct",
    title="Production secrets are not shared with other environments",
    severity=Severity.CRITICAL,
    what="No secret variable has the same value as any variable in the env.distinct_from files.",
    why="A credential shared with staging or development is only as safe as the least guarded "
    "of those environments: a leaked staging .env then opens production.",
    fix="Issue a separate credential for production, rotate the shared one, and keep each "
    "environment's secrets apart.",
)
EXAMPLE = Rule(
    id="env.example",
    title="Every required variable is documented in the example file",
    severity=Severity.MEDIUM,
    what="Each required variable appears in the env.example file.",
    why="The example file is how the next developer (or the next server) learns what to set; "
    "a variable missing from it is the one nobody sets.",
    fix="Add the variable, with a placeholder value, to the example file.",
)
EXAMPLE_DRIFT = Rule(
    id="env.example_drift",
    title="Example file names no stale variable",
    severity=Severity.LOW,
    what="Every variable in the example file is one launchgate.yml knows about.",
    why="Stale entries make people configure variables the app no longer reads, or hide that "
    "launchgate.yml forgot one.",
    fix="Remove the variable from the example file, or add it to env.vars in launchgate.yml.",
)
COMMITTED = Rule(
    id="env.committed",
    title="No env file is committed to git",
    severity=Severity.CRITICAL,
    what="git tracks no file named .env or .env.* (templates ending in .example, .sample, "
    ".template or .dist are fine).",
    why="Everything in a committed env file is readable by anyone with access to the "
    "repository and stays in its history even after the file is deleted.",
    fix="Rotate every secret the file held, then `git rm --cached` it, add it to .gitignore, "
    "and commit a placeholder-only .env.example instead.",
)
NOT_IGNORED = Rule(
    id="env.not_ignored",
    title="Env files are ignored by git",
    severity=Severity.MEDIUM,
    what="Env files present in the working tree are listed in .gitignore.",
    why="An env file git does not ignore is one `git add .` away from being committed.",
    fix="Add the file name (or `.env*` with `!.env.example`) to .gitignore.",
)
DEBUG = Rule(
    id="env.debug",
    title="Debug mode is off in production",
    severity=Severity.HIGH,
    what="DEBUG, FLASK_DEBUG, APP_DEBUG, DJANGO_DEBUG are not on and NODE_ENV is production, "
    "when the gate guards a production environment.",
    why="Debug modes show stack traces, settings and sometimes an interactive console to any "
    "visitor, and turn off production safeguards and caching.",
    fix="Turn the switch off (unset it or set it to 0/false) in the production environment.",
)
FILE = Rule(
    id="env.file",
    title="Configured env files can be read",
    severity=Severity.LOW,
    what="Each file under env.files, env.distinct_from and env.example exists and parses.",
    why="A missing file means the variables it should hold were only looked up elsewhere; a "
    "line dotenv cannot parse is silently dropped by the app too.",
    fix="Fix the path in launchgate.yml, or remove the entry if the deploy sets the variables "
    "in its environment. For a line that does not parse: write NAME=value, quote values "
    "holding spaces or #, and close every quote.",
)

RULES = [REQUIRED, PATTERN, FORBID, DISTINCT, EXAMPLE, EXAMPLE_DRIFT, COMMITTED, NOT_IGNORED,
         DEBUG, FILE]  # fmt: skip
