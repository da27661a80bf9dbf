"""The SPF tree of a domain as published: records, includes, redirects and lookup counts.

This is the static view a gate needs (how many lookups will a receiver spend, which include is
broken), not an evaluation for one IP. Each level of the tree is fetched concurrently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from launchgate.checks.email.lookup import Lookup
from launchgate.checks.email.spf_macro import tokenize
from launchgate.checks.email.spf_parse import SpfRecord, SpfSyntaxError, is_spf, parse
from launchgate.net.dns import Answer

MAX_DEPTH = 10

OK = "ok"
NONE = "none"
MULTIPLE = "multiple"
SYNTAX = "syntax"
DNS_FAILED = "dns"
LOOP = "loop"


@dataclass
class SpfNode:
    """One domain's SPF record and what it pulls in."""

    domain: str
    via: str = ""
    status: str = OK
    records: list[str] = field(default_factory=list)
    parsed: SpfRecord | None = None
    problem: str = ""
    bad_term: str | None = None
    children: list[SpfNode] = field(default_factory=list)
    void_terms: list[str] = field(default_factory=list)
    failed_terms: list[str] = field(default_factory=list)

    @property
    def record(self) -> str | None:
        return self.records[0] if len(self.records) == 1 else None

    @property
    def own_lookups(self) -> int:
        return len(self.parsed.lookup_terms()) if self.parsed else 0

    @property
    def total_lookups(self) -> int:
        return self.own_lookups + sum(child.total_lookups for child in self.children)

    @property
    def total_voids(self) -> int:
        return len(self.void_terms) + sum(child.total_voids for child in self.children)

    def walk(self) -> Iterable[SpfNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_data(self) -> dict[str, Any]:
        """A JSON-friendly tree for Result.data."""
        return {
            "domain": self.domain,
            "via": self.via,
            "status": self.status,
            "record": self.record,
            "lookups": self.own_lookups,
            "total_lookups": self.total_lookups,
            "void": self.void_terms,
            "problem": self.problem,
            "children": [child.to_data() for child in self.children],
        }

    def lines(self, indent: str = "") -> list[str]:
        """The tree as indented text: ``include:x.test (4 lookups): v=spf1 ...``."""
        label = self.via or self.domain
        where = f" → {self.domain}" if self.via and not self.via.endswith(self.domain) else ""
        text = self.record or self.problem or "no SPF record"
        head = f"{indent}{label}{where} ({self.total_lookups} lookups): {text}"
        return [head] + [line for child in self.children for line in child.lines(indent + "  ")]


def _literal(spec: str | None) -> bool:
    """A domain-spec without macros (its target can be known without an envelope)."""
    if spec is None:
        return True
    try:
        return not any(token.is_macro for token in tokenize(spec))
    except ValueError:
        return False


def _query_all(dns: Lookup, questions: list[tuple[str, str]]) -> list[Answer]:
    many = getattr(dns, "query_many", None)
    if many is not None:
        return list(many(questions))
    return [dns.query(name, rdtype) for name, rdtype in questions]


def _fill(node: SpfNode, answer: Answer) -> None:
    if answer.failed:
        node.status, node.problem = DNS_FAILED, f"TXT lookup failed: {answer.explain()}"
        return
    found = [text for text in answer.texts() if is_spf(text)]
    node.records = found
    if not found:
        why = "domain does not exist" if answer.status == "nxdomain" else "no v=spf1 TXT record"
        node.status, node.problem = NONE, why
        return
    if len(found) > 1:
        node.status, node.problem = MULTIPLE, f"{len(found)} SPF records published"
        return
    try:
        node.parsed = parse(found[0])
    except SpfSyntaxError as exc:
        node.status, node.problem, node.bad_term = SYNTAX, str(exc), exc.term


def _void_questions(node: SpfNode) -> list[tuple[str, str, str]]:
    """(term, name, type) for a/mx/exists with a literal target, to count void lookups."""
    assert node.parsed is not None
    out = []
    for mech in node.parsed.mechanisms:
        if mech.name in ("a", "mx", "exists") and _literal(mech.domain_spec):
            target = (mech.domain_spec or node.domain).rstrip(".")
            for rdtype in {"a": ("A", "AAAA"), "mx": ("MX",), "exists": ("A",)}[mech.name]:
                out.append((mech.text, target, rdtype))
    return out


def _children(node: SpfNode) -> list[SpfNode]:
    assert node.parsed is not None
    kids = [
        SpfNode(m.domain_spec.rstrip("."), via=m.text)
        for m in node.parsed.mechanisms
        if m.name == "include" and m.domain_spec and _literal(m.domain_spec)
    ]
    redirect = node.parsed.redirect
    if redirect and _literal(redirect) and node.parsed.all is None:
        kids.append(SpfNode(redirect.rstrip("."), via=f"redirect={redirect}"))
    return kids


def build_tree(dns: Lookup, domain: str) -> SpfNode:
    """Fetch the domain's SPF record and everything it includes, one level at a time."""
    root = SpfNode(domain.rstrip(".").lower())
    level: list[tuple[SpfNode, tuple[str, ...]]] = [(root, (root.domain,))]
    voids: list[tuple[SpfNode, tuple[str, str, str]]] = []
    for _ in range(MAX_DEPTH + 1):
        if not level:
            break
        answers = _query_all(dns, [(node.domain, "TXT") for node, _ in level])
        next_level: list[tuple[SpfNode, tuple[str, ...]]] = []
        for (node, path), answer in zip(level, answers, strict=True):
            _fill(node, answer)
            if node.parsed is None:
                continue
            for child in _children(node):
                node.children.append(child)
                if child.domain.lower() in path:
                    child.status, child.problem = LOOP, "include loop: " + " → ".join(path)
                else:
                    next_level.append((child, (*path, child.domain.lower())))
        voids += [(node, q) for node, _ in level if node.parsed for q in _void_questions(node)]
        prefetch = getattr(dns, "prefetch", None)
        if prefetch is not None:
            prefetch([(name, rdtype) for _, (_, name, rdtype) in voids])
        level = next_level
    _count_voids(voids, dns)
    return root


def _count_voids(asks: list[tuple[SpfNode, tuple[str, str, str]]], dns: Lookup) -> None:
    """A term is void when every one of its lookups found nothing (NXDOMAIN or NODATA)."""
    answers = _query_all(dns, [(name, rdtype) for _, (_, name, rdtype) in asks])
    verdicts: dict[tuple[int, str], tuple[SpfNode, list[Answer]]] = {}
    for (node, (term, _, _)), answer in zip(asks, answers, strict=True):
        verdicts.setdefault((id(node), term), (node, []))[1].append(answer)
    for (_, term), (node, found) in verdicts.items():
        if any(a.failed for a in found):
            node.failed_terms.append(term)
        elif all(a.void for a in found):
            node.void_terms.append(term)
