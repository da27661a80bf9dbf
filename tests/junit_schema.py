"""The JUnit schema reports are validated against: Jenkins' ``junit-10.xsd`` (tests/data) plus
the one attribute launchgate adds, ``testcase@file``.

GitLab's test report and GitHub's test-reporter actions read ``file`` to link a case to its
file; the Jenkins schema predates it. Everything else must validate as it is.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

XSD = Path(__file__).resolve().parent / "data" / "junit-10.jenkins-xunit.xsd"
_XS = "http://www.w3.org/2001/XMLSchema"


@lru_cache(maxsize=1)
def junit_schema() -> etree.XMLSchema:
    tree = etree.parse(str(XSD))
    (testcase,) = tree.xpath(
        "//xs:element[@name='testcase']/xs:complexType", namespaces={"xs": _XS}
    )
    attribute = etree.SubElement(testcase, f"{{{_XS}}}attribute")
    attribute.set("name", "file")
    attribute.set("type", "xs:string")
    return etree.XMLSchema(tree)
