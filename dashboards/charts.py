"""Server-side SVG charts: no script, no network, nothing the strict CSP would block.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``, with every bar's
value written beside it as text, so the figures read without colour; the page puts the same
data in a table below the chart. Colours are Bootstrap 5's palette, as ``fill`` attributes
(presentation attributes are not inline styles, so the CSP stays strict); text takes
``currentColor`` and follows the light or dark theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboards.datasets import DASH, Chart, Dataset, format_number

# Bootstrap 5: primary, success, orange, indigo, teal, danger, info, secondary.
PALETTE = ("#0d6efd", "#198754", "#fd7e14", "#6610f2", "#20c997", "#dc3545", "#0dcaf0", "#6c757d")
GRID = "#adb5bd"  # gray-500: readable on light and dark backgrounds
WIDTH = 640
FONT = 12
LABEL_WIDTH = 190
VALUE_WIDTH = 110
ROW = 26
BAR = 16
MIN_LABELLED_COLUMN = 26


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def render(dataset: Dataset) -> SafeString:
    """The dataset's chart as SVG markup, safe to put straight into a template."""
    drawers = {Chart.HBAR: _hbar, Chart.VBAR: _vbar, Chart.STACKED: _stacked, Chart.FUNNEL: _funnel}
    body, height = drawers[dataset.chart](dataset)
    ident = f"chart-{dataset.slug}"
    descriptions = {
        Chart.HBAR: _("Bar chart."),
        Chart.VBAR: _("Column chart."),
        Chart.STACKED: _("Stacked bar chart."),
        Chart.FUNNEL: _("Funnel chart."),
    }
    desc = f"{descriptions[dataset.chart]} {_('The table with the chart lists the same figures.')}"
    # Every piece of text passed through escape() or quoteattr().
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" class="dashboard-chart" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-size="{FONT}" font-family="system-ui, sans-serif">'
        f'<title id="{ident}-title">{escape(str(dataset.title))}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _number(value) -> float:
    return float(value) if value else 0.0


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(
    x: float, y: float, content: str, *, anchor: str = "start", size: int | None = None, **extra
) -> str:
    attributes = "".join(
        f" {name.replace('_', '-')}={quoteattr(str(value))}" for name, value in extra.items()
    )
    font = f' font-size="{size}"' if size else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="currentColor"{font}{attributes}>'
        f"{escape(str(content))}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, tooltip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{max(height, 0):.1f}" '
        f'fill="{fill}"><title>{escape(tooltip)}</title></rect>'
    )


def _legend(dataset: Dataset, y: float) -> str:
    parts, x = [], LABEL_WIDTH
    for index, series in enumerate(dataset.chart_series):
        label = _short(series.label, 28)
        parts.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour(index)}"/>')
        parts.append(_text(x + 16, y, label))
        x += 32 + 7 * len(label)
    return "".join(parts)


def _with_unit(dataset: Dataset, value) -> str:
    return f"{format_number(value)} {dataset.unit}".strip() if value is not None else format_number(value)


def _hbar(dataset: Dataset) -> tuple[str, int]:
    """One bar per row, for the first series."""
    values = [row.values[0] for row in dataset.rows]
    top = max((_number(v) for v in values), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = []
    for index, (row, value) in enumerate(zip(dataset.rows, values, strict=True)):
        y = 8 + index * ROW
        width = span * _number(value) / top
        parts.append(_text(LABEL_WIDTH - 8, y + BAR - 3, _short(row.label, 30), anchor="end"))
        parts.append(
            _rect(LABEL_WIDTH, y, width, BAR, colour(0), f"{row.label}: {_with_unit(dataset, value)}")
        )
        parts.append(_text(LABEL_WIDTH + width + 6, y + BAR - 3, format_number(value)))
    parts.append(_axis(LABEL_WIDTH, 4, LABEL_WIDTH, 12 + len(dataset.rows) * ROW))
    return "".join(parts), 16 + len(dataset.rows) * ROW


def _axis(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{GRID}"/>'


def _vbar(dataset: Dataset) -> tuple[str, int]:
    """Columns for each row, one per series side by side, with a legend above."""
    plot_top, plot_height, left = 34, 200, 16
    top = max((_number(v) for row in dataset.rows for v in dataset.chart_values(row)), default=0) or 1
    group = (WIDTH - left * 2) / max(len(dataset.rows), 1)
    count = max(len(dataset.chart_series), 1)
    bar = min(40.0, (group - 12) / count)
    base = plot_top + plot_height
    parts = [_legend(dataset, 14)] if len(dataset.chart_series) > 1 else []
    for index, row in enumerate(dataset.rows):
        start = left + index * group + (group - bar * count) / 2
        for position, (series, value) in enumerate(
            zip(dataset.chart_series, dataset.chart_values(row), strict=True)
        ):
            height = plot_height * _number(value) / top
            x = start + position * bar
            tooltip = f"{row.label} · {series.label}: {_with_unit(dataset, value)}"
            parts.append(_rect(x, base - height, bar - 2, height, colour(position), tooltip))
            if bar >= MIN_LABELLED_COLUMN:  # narrower columns leave their values to the tooltip and table
                parts.append(
                    _text(x + bar / 2 - 1, base - height - 4, _compact(value), anchor="middle", size=10)
                )
        label_limit = max(int(group / 7), 4)
        parts.append(
            _text(
                left + index * group + group / 2, base + 16, _short(row.label, label_limit), anchor="middle"
            )
        )
    parts.append(_axis(left, base, WIDTH - left, base))
    return "".join(parts), base + 26


def _compact(value) -> str:
    """Short value labels above columns (1.2M, 35k), so that neighbours do not overlap."""
    if value is None:
        return DASH
    number = _number(value)
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "k")):
        if abs(number) >= threshold:
            return f"{number / threshold:.1f}{suffix}"
    return f"{number:,.0f}"


def _stacked(dataset: Dataset) -> tuple[str, int]:
    """One horizontal bar per row with the series stacked; the row's total at its end."""
    top = max((sum(_number(v) for v in dataset.chart_values(row)) for row in dataset.rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [_legend(dataset, 14)]
    for index, row in enumerate(dataset.rows):
        y = 28 + index * ROW
        x = LABEL_WIDTH
        parts.append(_text(LABEL_WIDTH - 8, y + BAR - 3, _short(row.label, 30), anchor="end"))
        for position, (series, value) in enumerate(
            zip(dataset.chart_series, dataset.chart_values(row), strict=True)
        ):
            width = span * _number(value) / top
            tooltip = f"{row.label} · {series.label}: {_with_unit(dataset, value)}"
            parts.append(_rect(x, y, width, BAR, colour(position), tooltip))
            x += width
        parts.append(_text(x + 6, y + BAR - 3, format_number(_total(dataset.chart_values(row)))))
    parts.append(_axis(LABEL_WIDTH, 24, LABEL_WIDTH, 32 + len(dataset.rows) * ROW))
    return "".join(parts), 36 + len(dataset.rows) * ROW


def _total(values):
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if any(isinstance(value, Decimal) for value in present) else sum(present)


def _funnel(dataset: Dataset) -> tuple[str, int]:
    """Stages as centred bars narrowing with the count; each shows its share of the first stage."""
    values = [row.values[0] for row in dataset.rows]
    first = _number(values[0]) if values else 0
    top = max((_number(v) for v in values), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    centre = LABEL_WIDTH + span / 2
    height = ROW + 6
    parts = []
    for index, (row, value) in enumerate(zip(dataset.rows, values, strict=True)):
        y = 6 + index * height
        width = max(span * _number(value) / top, 2)
        share = f" ({100 * _number(value) / first:.0f} %)" if first and index else ""
        parts.append(_text(LABEL_WIDTH - 8, y + BAR + 1, _short(row.label, 30), anchor="end"))
        parts.append(
            _rect(
                centre - width / 2, y, width, BAR + 6, colour(index), f"{row.label}: {format_number(value)}"
            )
        )
        parts.append(_text(LABEL_WIDTH + span + 6, y + BAR + 1, f"{format_number(value)}{share}"))
    return "".join(parts), 12 + len(dataset.rows) * height


@dataclass
class Panel:
    """A dataset as a page shows it: the chart, the table's formatted cells and the CSV link."""

    dataset: Dataset
    csv_url: str = ""

    @property
    def svg(self) -> SafeString:
        return render(self.dataset)

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        return [(row.label, [format_number(value) for value in row.values]) for row in self.dataset.rows]
