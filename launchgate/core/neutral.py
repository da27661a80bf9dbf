"""Text from outside (file names, DNS answers, HTTP headers, config keys) made inert for output.

Anyone who opens a pull request names files; anyone who runs a server the config names writes
its headers. Echoed as they are, a line break starts a new log line that the GitHub runner
reads as a workflow command (``::add-mask::``, ``::error::``), a terminal escape repaints
the screen, and a bidi mark reorders what a reviewer sees. ``neutral`` writes every such
character as a visible escape (``\\n``, ``\\x1b``, ``\\u202e``) so the text stays on one line
and reads as typed; ``no_command`` stops a line from being taken as a workflow command.
"""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1), invisible format characters (Unicode Cf: bidi embeddings,
# overrides and isolates, zero-width characters, the BOM, tags), line and paragraph
# separators, lone surrogates and non-characters.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What the GitHub runner takes as a command at the start of a line, after leading blanks
# (``::name ...::`` and the older ``##[name]``).
_COMMAND_START = re.compile(r"^(\s*)(::|##\[)")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def neutral(text: object) -> str:
    """One line of inert text: every control or invisible character as a visible escape."""
    value = str(text)
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


def neutral_block(text: object) -> str:
    """Several lines (a check's preformatted block): each line made neutral, the breaks kept."""
    return "\n".join(no_command(neutral(line)) for line in str(text).split("\n"))


def no_command(line: str) -> str:
    """A line that would start a workflow command gets a backslash before it."""
    return _COMMAND_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line)
