from decimal import Decimal

import pytest

from dashboards import charts
from dashboards.datasets import DASH, Chart, Dataset, Row, Series, csv_table
from dashboards.tests.conftest import SVG, parse_svg


def dataset(chart=Chart.HBAR, **fields) -> Dataset:
    defaults = {
        "slug": "demo",
        "title": "Companies <by> field & size",
        "label_heading": "Field",
        "series": [Series("a", "Published"), Series("b", "Draft")],
        "rows": [
            Row("Naval", (3, 1), "naval"),
            Row("<script>alert(1)</script>", (0, 2), "x"),
            Row("Air", (7, 0)),
        ],
        "chart": chart,
    }
    return Dataset(**(defaults | fields))


@pytest.mark.parametrize("chart", [Chart.HBAR, Chart.VBAR, Chart.STACKED, Chart.FUNNEL])
def test_every_chart_is_well_formed_accessible_svg(chart):
    markup = charts.render(dataset(chart))
    root = parse_svg(markup)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Companies <by> field & size"
    assert desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "Naval" in texts and "Air" in texts
    # User-entered labels are text, never markup; no inline style for the CSP.
    assert "<script>" not in markup and "style=" not in markup
    assert all(rect.get("fill", "").startswith("#") for rect in root.iter(f"{SVG}rect"))


def test_hbar_bar_lengths_follow_the_values():
    root = parse_svg(charts.render(dataset(Chart.HBAR)))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[2] == max(widths)  # Air: 7
    assert widths[0] == pytest.approx(widths[2] * 3 / 7, abs=0.1)
    assert widths[1] == 0


def test_stacked_draws_a_segment_per_series_and_the_total():
    root = parse_svg(charts.render(dataset(Chart.STACKED)))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(bars) == 3 * 2
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert {"4", "2", "7"} <= set(texts)
    assert "Published" in texts and "Draft" in texts  # the legend


def test_funnel_shows_each_stage_share_of_the_first():
    data = dataset(
        Chart.FUNNEL,
        series=[Series("n", "Proposals")],
        rows=[Row("Submitted", (10,)), Row("Reviewed", (5,)), Row("Accepted", (2,))],
    )
    texts = [element.text for element in parse_svg(charts.render(data)).iter(f"{SVG}text")]
    assert "10" in texts and "5 (50 %)" in texts and "2 (20 %)" in texts


def test_empty_and_withheld_values_do_not_break_a_chart():
    rows = [Row("2024", (None, None)), Row("2025", (0, 0))]
    for chart in (Chart.HBAR, Chart.VBAR, Chart.STACKED, Chart.FUNNEL):
        parse_svg(charts.render(dataset(chart, rows=rows)))
    parse_svg(charts.render(dataset(Chart.VBAR, rows=[])))
    assert dataset(rows=rows).is_empty


def test_money_is_formatted_with_its_unit_in_tooltips():
    data = dataset(
        Chart.VBAR,
        unit="USD",
        series=[Series("o", "Obligation")],
        rows=[Row("DAPA-1", (Decimal("60000000.00"),))],
    )
    root = parse_svg(charts.render(data))
    tooltips = [rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect")]
    assert tooltips == ["DAPA-1 · Obligation: 60,000,000.00 USD"]
    assert "60.0M" in [element.text for element in root.iter(f"{SVG}text")]


def test_panel_table_matches_the_dataset():
    data = dataset(rows=[Row("Naval", (1234, None))], unit="USD")
    panel = charts.Panel(data, "/x.csv")
    assert panel.table_rows == [("Naval", ["1,234", DASH])]
    header, rows = csv_table(data)
    assert header == ["Field", "Published (USD)", "Draft (USD)"]
    assert rows == [["Naval", "1234", ""]]


def test_only_the_charted_series_are_drawn():
    data = dataset(Chart.STACKED, charted=1)
    root = parse_svg(charts.render(data))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(bars) == 3
