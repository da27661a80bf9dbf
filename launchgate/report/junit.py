"""JUnit XML, written with the standard library's ElementTree.

Not the ``junit-xml`` package: it has been unmaintained since 2020 and drops a failure that
has no message. Apart from one attribute the output validates
against the Jenkins/Surefire schema (``junit-10.xsd``): ``testcase@file``, the repository path
GitLab's test report and GitHub's test-reporter actions read to link a case to its file (the
schema predates it). That schema has no testcase-level properties, so severity and figures are
suite properties named ``<check id>.<key>`` and each case's location and severity stand first
in its ``system-out`` (GitLab shows that text).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from launchgate.core.model import GateReport, Result, Status
from launchgate.core.neutral import neutral
from launchgate.report.common import location_of, repo_path, scalar_data, why_of

_OUTCOME_TAG = {Status.FAIL: "failure", Status.ERROR: "error", Status.SKIP: "skipped"}


def render(report: GateReport) -> str:
    by_area: dict[str, list[Result]] = defaultdict(list)
    for result in report.results:
        by_area[result.area].append(result)
    root = ET.Element("testsuites", name=neutral(f"launchgate {report.project}".strip()))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for area in sorted(by_area):
        suite = _suite(area, by_area[area], report)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    root.set("time", _time(report.summary.duration))
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_safe(text) + "\n"


# Characters XML 1.0 forbids even escaped (ElementTree writes them, parsers then reject the
# file): control characters from odd file names or records become U+FFFD.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _suite(area: str, results: list[Result], report: GateReport) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        name=f"launchgate.{area}",
        tests=str(len(results)),
        failures=str(sum(r.status is Status.FAIL for r in results)),
        errors=str(sum(r.status is Status.ERROR for r in results)),
        skipped=str(sum(r.status is Status.SKIP for r in results)),
        time=_time(report.area_durations.get(area, max((r.duration for r in results), default=0))),
        timestamp=report.started_at,
        hostname=report.hostname,
    )
    properties = ET.SubElement(suite, "properties")
    for result in results:
        check_id = neutral(result.check_id)
        _property(properties, f"{check_id}.severity", result.severity.value)
        for key, value in scalar_data(result).items():
            _property(properties, f"{check_id}.{neutral(key)}", neutral(value))
    for result in sorted(results, key=lambda r: r.check_id):
        suite.append(_case(result, report.config_file))
    return suite


def _property(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "property", name=name, value=value)


def _case(result: Result, config_file: str | None = None) -> ET.Element:
    case = ET.Element(
        "testcase",
        name=neutral(result.check_id),
        classname=f"launchgate.{result.area}",
        time=_time(result.duration),
    )
    if result.file:
        case.set("file", neutral(repo_path(result.file, config_file)))
    tag = _OUTCOME_TAG.get(result.status)
    if tag:
        outcome = ET.SubElement(
            case, tag, message=neutral(result.message), type=result.severity.value
        )
        outcome.text = _body(result, config_file)
    out = ET.SubElement(case, "system-out")
    out.text = _system_out(result, config_file)
    return case


def _body(result: Result, config_file: str | None) -> str:
    lines = [neutral(result.message)]
    where = location_of(result, config_file)
    if where:
        lines.append(f"Where: {neutral(where)}")
    lines.extend(neutral(d) for d in result.details)
    why = why_of(result)
    if why and result.status is not Status.SKIP:
        lines.append(f"Why it matters: {why}")
    if result.remediation:
        lines.append(f"How to fix: {neutral(result.remediation)}")
    return "\n".join(lines)


def _system_out(result: Result, config_file: str | None) -> str:
    lines = [
        f"status: {result.status.value}",
        f"severity: {result.severity.value}",
        f"title: {result.title}",
    ]
    where = location_of(result, config_file)
    if where:
        lines.append(f"file: {neutral(where)}")
    if result.status is Status.PASS:
        lines.append(neutral(result.message))
    return "\n".join(lines)


def _time(seconds: float) -> str:
    return f"{max(seconds, 0.0):.3f}"
