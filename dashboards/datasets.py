"""The shape every dashboard query returns: labelled rows of numbers, ready for a chart, a table
and a CSV file, so that all three always show the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

DASH = "\u2013"  # an en dash stands for a withheld or missing value
Number = int | Decimal | None  # None: withheld or not applicable, shown as a dash


class Chart:
    """The kinds of chart ``dashboards.charts`` draws."""

    HBAR = "hbar"  # one bar per row, horizontal; the first series only
    VBAR = "vbar"  # columns per row, one per series side by side
    STACKED = "stacked"  # one horizontal bar per row, the series stacked
    FUNNEL = "funnel"  # the rows are successive stages of one series


@dataclass(frozen=True)
class Series:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Number, ...]
    key: str = ""  # a stable code for the row (field code, year, programme reference)


@dataclass
class Dataset:
    """One chart's data. ``unit`` is shown beside values (e.g. "USD"); ``note`` says how the
    figures were counted, in words a reader can check."""

    slug: str
    title: str
    label_heading: str
    series: list[Series]
    rows: list[Row] = field(default_factory=list)
    chart: str = Chart.HBAR
    unit: str = ""
    note: str = ""
    charted: int | None = None  # how many leading series the chart draws; the rest are table-only

    @property
    def chart_series(self) -> list[Series]:
        return self.series[: self.charted] if self.charted is not None else self.series

    def chart_values(self, row: Row) -> tuple[Number, ...]:
        return row.values[: len(self.chart_series)]

    @property
    def is_empty(self) -> bool:
        return not any(value for row in self.rows for value in row.values)

    def column(self, key: str) -> list[Number]:
        index = [series.key for series in self.series].index(key)
        return [row.values[index] for row in self.rows]

    def as_dict(self) -> dict[str, dict[str, Number]]:
        """``{row label: {series key: value}}``, handy in tests."""
        return {
            row.label: {series.key: value for series, value in zip(self.series, row.values, strict=True)}
            for row in self.rows
        }


def format_number(value: Number) -> str:
    """Thousands separators; money keeps its two decimals; None is a dash."""
    if value is None:
        return DASH
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return f"{value:,}"


def csv_table(dataset: Dataset) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the CSV download: plain numbers, so spreadsheets read them as numbers."""
    unit = f" ({dataset.unit})" if dataset.unit else ""
    header = [str(dataset.label_heading), *(f"{series.label}{unit}" for series in dataset.series)]
    rows = [[str(row.label), *("" if v is None else str(v) for v in row.values)] for row in dataset.rows]
    return header, rows
