"""search/evaluation.py with fake rankers, and the judged relevance file itself."""

import ast
from pathlib import Path

import pytest

from search import evaluation
from search.evaluation import (
    Judgement,
    evaluate,
    judge,
    load_judgements,
)

# Ten-digit strings; the metrics do not care whether they are valid registration numbers.
NOISE = [f"99000000{i:02d}" for i in range(20)]
JUDGEMENTS = [
    Judgement("names", "솔바람정밀", frozenset({"0000101011"})),
    Judgement("natural", "landing gear makers", frozenset({"1000000001", "1000000002"})),
    Judgement("natural", "radomes", frozenset(f"20000000{i:02d}" for i in range(5))),
]


def perfect(query: str) -> list[str]:
    judgement = next(j for j in JUDGEMENTS if j.query == query)
    return sorted(judgement.relevant) + NOISE


def reversed_ranker(query: str) -> list[str]:
    return list(reversed(perfect(query)))


def test_a_perfect_ranker_scores_one():
    report = evaluate(JUDGEMENTS, perfect)
    assert report.overall.recall_at_3 == 1.0
    assert report.overall.mrr == 1.0
    assert report.failures == []
    assert [score.name for score in report.categories] == ["names", "natural"]
    assert all(score.recall_at_3 == 1.0 and score.mrr == 1.0 for score in report.categories)


def test_a_reversed_ranker_scores_lower():
    best = evaluate(JUDGEMENTS, perfect)
    worst = evaluate(JUDGEMENTS, reversed_ranker)
    assert worst.overall.recall_at_3 < best.overall.recall_at_3
    assert worst.overall.mrr < best.overall.mrr
    # The relevant companies sit at the end of 21+ results: none in the top 10.
    assert worst.overall.recall_at_3 == 0.0
    assert worst.overall.mrr == 0.0
    assert len(worst.failures) == len(JUDGEMENTS)


def test_an_empty_ranking_scores_zero():
    report = evaluate(JUDGEMENTS, lambda query: [])
    assert report.overall.recall_at_3 == 0.0
    assert report.overall.mrr == 0.0
    assert report.overall.queries == 3
    assert [result.judgement for result in report.failures] == JUDGEMENTS
    assert all(result.top == () for result in report.failures)


def test_recall_counts_against_at_most_three_relevant():
    many = JUDGEMENTS[2]  # five relevant
    assert judge(many, ["2000000000", "2000000001", "2000000002"]).recall_at_3 == 1.0
    two_of_three = judge(many, ["2000000000", NOISE[0], "2000000001", "2000000002"])
    assert two_of_three.recall_at_3 == pytest.approx(2 / 3)
    assert two_of_three.failed
    assert two_of_three.missing == many.relevant - {"2000000000", "2000000001"}


def test_a_single_relevant_company_at_rank_two():
    result = judge(JUDGEMENTS[0], [NOISE[0], "0000101011"])
    assert result.recall_at_3 == 1.0
    assert result.reciprocal_rank == 0.5
    assert not result.failed


def test_reciprocal_rank_stops_at_ten():
    one = JUDGEMENTS[0]
    assert judge(one, [*NOISE[:9], "0000101011"]).reciprocal_rank == pytest.approx(0.1)
    assert judge(one, [*NOISE[:10], "0000101011"]).reciprocal_rank == 0.0


def test_duplicates_count_once_and_hyphens_are_ignored():
    two = JUDGEMENTS[1]
    result = judge(two, ["1000000001", "100-00-00001", "1000000002"])
    assert result.ranked[:2] == ("1000000001", "1000000002")
    assert result.recall_at_3 == 1.0


def test_category_means_and_overall():
    def half(query: str) -> list[str]:
        return perfect(query) if query == "솔바람정밀" else NOISE

    report = evaluate(JUDGEMENTS, half)
    by_name = {score.name: score for score in report.categories}
    assert by_name["names"].recall_at_3 == 1.0
    assert by_name["natural"].recall_at_3 == 0.0
    assert by_name["natural"].queries == 2
    assert report.overall.recall_at_3 == pytest.approx(1 / 3)
    assert report.overall.mrr == pytest.approx(1 / 3)


def test_the_table_is_markdown_with_two_decimals():
    def half(query: str) -> list[str]:
        return perfect(query) if query == "솔바람정밀" else NOISE

    lines = evaluate(JUDGEMENTS, half).table().splitlines()
    assert lines[0] == "| category | queries | recall@3 | MRR |"
    assert lines[1] == "|---|---:|---:|---:|"
    assert lines[2:] == [
        "| names | 1 | 1.00 | 1.00 |",
        "| natural | 2 | 0.00 | 0.00 |",
        "| overall | 3 | 0.33 | 0.33 |",
    ]


def test_no_judgements_give_an_empty_report():
    report = evaluate([], perfect)
    assert report.overall.queries == 0
    assert report.overall.recall_at_3 == 0.0
    assert report.table().splitlines()[-1] == "| overall | 0 | 0.00 | 0.00 |"


def test_load_judgements(tmp_path):
    path = tmp_path / "judged.tsv"
    path.write_text(
        "category\tquery\trelevant\tnote\n"
        "# a comment\n"
        "\n"
        "codes\t000-01-01011\t0000101011\tBRN with hyphens\n"
        "names\tSolbaram\t000-01-01011; 0000102024\n",
        encoding="utf-8",
    )
    assert load_judgements(path) == [
        Judgement("codes", "000-01-01011", frozenset({"0000101011"}), "BRN with hyphens"),
        Judgement("names", "Solbaram", frozenset({"0000101011", "0000102024"}), ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "query\tcategory\trelevant\tnote\nnames\tx\t0000101011\t\n",  # wrong header
        "category\tquery\trelevant\tnote\nnames\tx\n",  # too few columns
        "category\tquery\trelevant\tnote\nnames\tx\t\tno relevant companies\n",
        "",
    ],
)
def test_load_judgements_rejects_malformed_files(tmp_path, text):
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        load_judgements(path)


def test_the_module_imports_no_django_at_module_level():
    tree = ast.parse(Path(evaluation.__file__).read_text(encoding="utf-8"))
    imported = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(node.module or "")
    assert not [name for name in imported if name.split(".")[0] == "django"]
