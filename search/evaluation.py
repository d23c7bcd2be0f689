"""Offline evaluation of the search ranking against hand-judged queries (search/relevance.tsv).

Plain Python, no Django: ``evaluate`` takes any function that turns a query into a ranked list
of business registration numbers, so the metrics can be tested with a fake ranker and the
management command ``eval_search`` plugs in the real engine.

relevance.tsv is UTF-8, tab-separated, with the header ``category  query  relevant  note``;
``relevant`` lists the registration numbers (10 digits, ``;``-separated) of the companies judged
relevant. Blank lines and lines starting with ``#`` are ignored.

Metrics, per category and over all queries:

* recall@3: the share of the relevant companies found in the top 3. A query with more than
  three relevant companies is measured against three, so a perfect top 3 scores 1.0 however
  many relevant companies there are: min(3, |relevant|) is the denominator.
* MRR: the mean of 1 / rank of the first relevant company, 0 when none is in the top 10.

A query fails when its recall@3 is below 1. Duplicate registration numbers in a ranking (a
company found through two of its products) count once, at their best rank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HEADER = ("category", "query", "relevant", "note")
CATEGORIES = (
    "particles",
    "spacing",
    "compounds",
    "stems",
    "spelling",
    "codes",
    "names",
    "natural",
    "en_to_ko",
    "ko_to_en",
)
RECALL_CUTOFF = 3
MRR_CUTOFF = 10


@dataclass(frozen=True)
class Judgement:
    """One judged query: the companies (by registration number) a good search should return."""

    category: str
    query: str
    relevant: frozenset[str]
    note: str = ""


@dataclass(frozen=True)
class QueryResult:
    """How the ranking did on one judged query."""

    judgement: Judgement
    ranked: tuple[str, ...]  # the top MRR_CUTOFF registration numbers, duplicates removed
    recall_at_3: float
    reciprocal_rank: float

    @property
    def failed(self) -> bool:
        return self.recall_at_3 < 1.0

    @property
    def top(self) -> tuple[str, ...]:
        return self.ranked[:RECALL_CUTOFF]

    @property
    def missing(self) -> frozenset[str]:
        """Relevant companies that did not make the top 3."""
        return self.judgement.relevant - set(self.top)


@dataclass(frozen=True)
class Score:
    """Mean metrics over a group of queries (one category, or all of them)."""

    name: str
    queries: int
    recall_at_3: float
    mrr: float


@dataclass
class Report:
    """Per-query results with per-category and overall means."""

    results: list[QueryResult]
    categories: list[Score] = field(init=False)
    overall: Score = field(init=False)

    def __post_init__(self) -> None:
        order = list(dict.fromkeys(result.judgement.category for result in self.results))
        self.categories = [
            _score(name, [r for r in self.results if r.judgement.category == name]) for name in order
        ]
        self.overall = _score("overall", self.results)

    @property
    def failures(self) -> list[QueryResult]:
        """Queries whose top 3 missed a relevant company it had room for, in file order."""
        return [result for result in self.results if result.failed]

    def table(self) -> str:
        """A Markdown table: one row per category in file order, then the overall row."""
        lines = ["| category | queries | recall@3 | MRR |", "|---|---:|---:|---:|"]
        for score in [*self.categories, self.overall]:
            lines.append(f"| {score.name} | {score.queries} | {score.recall_at_3:.2f} | {score.mrr:.2f} |")
        return "\n".join(lines)


def _score(name: str, results: Sequence[QueryResult]) -> Score:
    count = len(results)
    if not count:
        return Score(name, 0, 0.0, 0.0)
    return Score(
        name,
        count,
        sum(r.recall_at_3 for r in results) / count,
        sum(r.reciprocal_rank for r in results) / count,
    )


def _brn(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value)


def load_judgements(path: str | Path) -> list[Judgement]:
    """Read a relevance file; raises ValueError naming the line of anything malformed."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    rows = [
        (number, line)
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows or tuple(cell.strip() for cell in rows[0][1].split("\t")) != HEADER:
        raise ValueError(f"{path}: the first line must be the header {' / '.join(HEADER)}")
    judgements = []
    for number, line in rows[1:]:
        cells = line.split("\t")
        if len(cells) == 3:
            cells.append("")
        if len(cells) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated columns, found {len(cells)}")
        category, query, relevant, note = (cell.strip() for cell in cells)
        brns = frozenset(_brn(value) for value in relevant.split(";") if value.strip())
        if not category or not query or not brns:
            raise ValueError(f"{path}:{number}: category, query and relevant must not be empty")
        judgements.append(Judgement(category, query, brns, note))
    return judgements


def judge(judgement: Judgement, ranking: Iterable[str]) -> QueryResult:
    """Score one ranking (best first) against one judgement."""
    ranked = tuple(dict.fromkeys(_brn(value) for value in ranking))[:MRR_CUTOFF]
    relevant = judgement.relevant
    found = len(relevant.intersection(ranked[:RECALL_CUTOFF]))
    recall = found / min(RECALL_CUTOFF, len(relevant)) if relevant else 0.0
    first = next((rank for rank, brn in enumerate(ranked, start=1) if brn in relevant), None)
    return QueryResult(judgement, ranked, recall, 1.0 / first if first else 0.0)


def evaluate(judgements: Iterable[Judgement], search_brns: Callable[[str], list[str]]) -> Report:
    """Run every judged query through ``search_brns`` (query -> ranked registration numbers)."""
    return Report([judge(judgement, search_brns(judgement.query)) for judgement in judgements])
