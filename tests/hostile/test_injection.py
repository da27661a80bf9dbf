"""Names others control (file names in a pull request) reach every output as inert data: no
workflow command, no terminal escape, no bidi reordering, no broken Markdown table."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.hostile.harness import UNSAFE, aws_key, launchgate, make_repo

# Each member: a file name carrying one way to break out of its line or its cell.
NAMES = {
    "lf workflow commands": "evil\n::add-mask::XYZ\n::error title=INJECTED::x.py",
    "cr workflow command": "cr\r::warning::CRINJ.py",
    "terminal escapes": "esc\x1b[2J\x1b]0;pwned\x07.py",
    "bidi override": "bidi\u202etxt.exe\u2066.py",
    "line separator": "ls\u2028::error::LSINJ.py",
    "markdown breakers": "table|breaker|`tick`</details>.py",
    "old-style command": "##[error]OLDINJ.py",
    "leading command": "::notice::LEADINJ.py",
}
# A committed env file is named (never shown) by env.committed.
ENV_NAME = ".env.\n::error::ENVINJ"
INJECTED = ("XYZ", "INJECTED", "CRINJ", "LSINJ", "OLDINJ", "LEADINJ", "ENVINJ")
# launchgate's annotations: a level, then properties ending in a title that starts with a
# severity ("title=critical%3A ..."), or its one "more problems" notice.
OUR_COMMANDS = re.compile(
    r"^::(error|warning|notice) (file=[^:]*,)?(line=\d+,)?"
    r"title=((critical|high|medium|low|info)%3A |launchgate::)"
)


def _repo(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        name: f'aws_access_key_id = "{aws_key()}"\n' for name in NAMES.values()
    }
    files[ENV_NAME] = "API_TOKEN=" + "q" * 4 + aws_key() + "\n"
    files["launchgate.yml"] = "version: 1\nenv: {}\nsecrets: {}\n"
    return make_repo(root, files)


def test_file_names_cannot_inject_commands_escapes_or_table_rows(tmp_path: Path) -> None:
    root = _repo(tmp_path / "shop")
    gh = tmp_path / "gh"
    (gh / "temp").mkdir(parents=True)
    (gh / "output").write_text("")
    env = {
        "GITHUB_ACTIONS": "true",
        "RUNNER_TEMP": str(gh / "temp"),
        "GITHUB_OUTPUT": str(gh / "output"),
        "GITHUB_STEP_SUMMARY": str(gh / "summary.md"),
    }
    args = ["check", "--json", "r.json", "--junit", "j.xml", "--sarif", "r.sarif"]
    run = launchgate([*args, "--markdown", "r.md"], root, env, watch=[gh])
    assert run.code == 1, run.out + run.err
    found = json.loads((root / "r.json").read_text())
    named = " ".join(r["message"] + " " + (r.get("file") or "") for r in found["results"])
    assert "table|breaker" in named  # the files were found and named

    # No line of stdout is a workflow command but ours, and none carries an injected name.
    for line in run.out.splitlines():
        bare = line.lstrip()
        assert not bare.startswith("##["), line
        if bare.startswith("::add-mask::"):
            assert not any(token in bare for token in INJECTED), line
        elif bare.startswith("::"):
            assert OUR_COMMANDS.match(bare), line
    # Nothing raw that a terminal, a log viewer or a reviewer's eye would act on.
    for channel, text in run.channels():
        if channel.endswith(("r.json", "output")):
            continue  # JSON escapes them itself; step outputs are checked below
        assert not UNSAFE.search(text), (channel, UNSAFE.findall(text)[:5])
    _assert_tables_keep_their_columns(root / "r.md")
    _assert_tables_keep_their_columns(gh / "summary.md")
    ET.fromstring((root / "j.xml").read_bytes())  # still well-formed XML
    sarif = json.loads((root / "r.sarif").read_text())
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert texts and not any(UNSAFE.search(t) for t in texts)
    _assert_outputs_hold_only_our_keys(gh / "output")
    handover = launchgate(["report", "--from", "r.json", "-o", "h.md"], root)
    assert handover.code == 0, handover.err
    assert not UNSAFE.search((root / "h.md").read_text())
    _assert_tables_keep_their_columns(root / "h.md")


def _assert_tables_keep_their_columns(path: Path) -> None:
    columns = None
    for line in path.read_text().splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        columns = columns or cells
        assert cells == columns, line


def _assert_outputs_hold_only_our_keys(path: Path) -> None:
    text = path.read_text()
    assert not UNSAFE.search(text)
    keys = []
    inside = None
    for line in text.splitlines():
        if inside:
            inside = None if line == inside else inside
            continue
        key, _, rest = line.partition("<<")
        if rest:
            inside = rest
        keys.append(key.partition("=")[0])
    assert set(keys) <= {"passed", "failures", "warnings", "errors", "failing"}, keys


class _HostileHttp:
    """Answers every request with a redirect whose target and headers carry escapes, bidi
    marks and workflow commands (bytes as a hostile server sends them)."""

    def __init__(self) -> None:
        import socket
        import threading

        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                target = f"http://127.0.0.1:{self.port}/\x1b[31m\u202e::error::HDRINJ\x07"
                conn.sendall(
                    b"HTTP/1.1 302 Found\r\n"
                    + b"Location: " + target.encode() + b"\r\n"
                    + "Server: \x1b]0;x\x07evil\u2066::warning::SRVINJ\r\n".encode()
                    + b"Content-Length: 0\r\nConnection: close\r\n\r\n"
                )  # fmt: skip

    def close(self) -> None:
        self._sock.close()


def test_server_answers_are_data_too(tmp_path: Path) -> None:
    """Redirect targets and headers from a server the config names reach the reports inert."""
    server = _HostileHttp()
    try:
        root = tmp_path / "p"
        root.mkdir()
        url = f"http://127.0.0.1:{server.port}"
        (root / "launchgate.yml").write_text(
            f"version: 1\ntimeout: 2s\nhttp:\n  canonical: {url}/\n"
            f"  redirects: [{{from: {url}/old, to: {url}/new}}]\n"
            f"  endpoints: [{{url: {url}/health}}]\n"
        )
        run = launchgate(["check", "-v", "--markdown", "r.md", "--junit", "j.xml"], root)
    finally:
        server.close()
    assert run.code == 1, run.out + run.err
    assert "HDRINJ" in run.all_text  # the hostile target was reported...
    for channel, text in run.channels():  # ...as inert text
        assert not UNSAFE.search(text), (channel, UNSAFE.findall(text)[:5])
        for line in text.splitlines():
            assert not line.lstrip().startswith("::"), (channel, line)
    _assert_tables_keep_their_columns(root / "r.md")
