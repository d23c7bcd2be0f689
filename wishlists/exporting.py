"""A package as DAPA receives it: rows, a summary by field and type, and the XLSX workbook.

A submitted package is read from its frozen snapshot, so later edits never change what was
submitted; a package still being compiled is read live.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.timezone import localtime

from companies.choices import OffsetTypePair, SizeClass
from core.spreadsheets import download, workbook_bytes
from wishlists.models import Package
from wishlists.services import snapshot_row

# Bilingual column headers (Korean / English): the workbook goes to DAPA as one file for both.
COLUMNS = [
    ("number", "제안 번호 / Proposal no."),
    ("company_ko", "기업명(국문) / Company (Korean)"),
    ("company_en", "기업명(영문) / Company (English)"),
    ("brn", "사업자등록번호 / Business registration no."),
    ("size_class", "기업 규모 / Size class"),
    ("offset_field", "절충교역 분야 / Offset field"),
    ("offset_type", "유형 / Type"),
    ("contractor", "국외 계약업체 / Foreign contractor"),
    ("title_ko", "희망 기술·품목(국문) / Wanted (Korean)"),
    ("title_en", "희망 기술·품목(영문) / Wanted (English)"),
    ("description_ko", "설명(국문) / Description (Korean)"),
    ("description_en", "설명(영문) / Description (English)"),
    ("products", "관련 제품 / Products involved"),
    ("estimated_value", "추정 금액 / Estimated value"),
    ("currency", "통화 / Currency"),
    ("benefit_ko", "기대 효과(국문) / Expected benefit (Korean)"),
    ("benefit_en", "기대 효과(영문) / Expected benefit (English)"),
]
TYPE_LABELS = {
    "direct_defence": "직접·방산 / Direct, defence",
    "direct_commercial": "직접·민수 / Direct, commercial",
    "indirect_defence": "간접·방산 / Indirect, defence",
    "indirect_commercial": "간접·민수 / Indirect, commercial",
}
SIZE_LABELS = {"sme": "중소기업 / SME", "mid": "중견기업 / Mid-sized", "large": "대기업 / Large"}


def package_rows(package: Package) -> list[dict]:
    if package.is_frozen and package.snapshot is not None:
        return list(package.snapshot)
    proposals = package.proposals.select_related("company", "offset_field", "contractor").prefetch_related(
        "products"
    )
    return [snapshot_row(p) for p in proposals.order_by("offset_field__number", "pk")]


def summary_rows(package: Package) -> list[dict]:
    """Proposals and estimated value by offset field and type (one line per currency)."""
    groups: dict[tuple, dict] = defaultdict(lambda: {"count": 0, "total": Decimal(0)})
    for row in package_rows(package):
        key = (row["offset_field"], row["offset_type"], row["currency"])
        groups[key]["count"] += 1
        groups[key]["total"] += Decimal(row["estimated_value"])
    return [
        {
            "offset_field": field,
            "offset_type": offset_type,
            "type_label": OffsetTypePair(offset_type).label
            if offset_type in OffsetTypePair.values
            else offset_type,
            "currency": currency,
            **values,
        }
        for (field, offset_type, currency), values in sorted(groups.items())
    ]


def _cell(key: str, row: dict) -> str:
    value = row.get(key, "")
    if key == "products":
        return "; ".join(value)
    if key == "offset_type":
        return TYPE_LABELS.get(value, value)
    if key == "size_class":
        return SIZE_LABELS.get(value, SizeClass(value).label if value in SizeClass.values else value)
    return "" if value is None else str(value)


def _moment(value) -> str:
    return date_format(localtime(value), "Y-m-d H:i") + " KST" if value else ""


def package_workbook(package: Package) -> bytes:
    programme = package.round.programme
    header = [
        ("사업명(국문) / Programme (Korean)", programme.name_ko),
        ("사업명(영문) / Programme (English)", programme.name_en),
        ("사업번호 / DAPA reference", programme.dapa_reference),
        ("무기체계 / Weapon system", programme.weapon_system_ko or programme.weapon_system_en),
        ("국외 계약업체 / Foreign contractors", "; ".join(str(c) for c in programme.contractors.all())),
        ("제출 마감 / Round deadline", _moment(package.round.deadline)),
        ("개정 / Revision", str(package.revision)),
        ("상태 / Status", package.get_status_display()),
        ("제출 일시 / Submitted", _moment(package.submitted_at)),
        ("접수 확인 / Acknowledged", _moment(package.acknowledged_at)),
    ]
    rows = package_rows(package)
    summary = [
        [
            str(s["offset_field"]),
            TYPE_LABELS.get(s["offset_type"], s["offset_type"]),
            str(s["count"]),
            s["currency"],
            str(s["total"]),
        ]
        for s in summary_rows(package)
    ]
    return workbook_bytes(
        [
            ("사업 Programme", ["항목 / Item", "내용 / Value"], header),
            (
                "제안 Proposals",
                [label for _key, label in COLUMNS],
                [[_cell(k, r) for k, _l in COLUMNS] for r in rows],
            ),
            (
                "요약 Summary",
                [
                    "분야 / Field",
                    "유형 / Type",
                    "제안 수 / Proposals",
                    "통화 / Currency",
                    "추정 금액 합계 / Total",
                ],
                summary,
            ),
        ]
    )


def package_xlsx_response(package: Package):
    stem = f"wishlist-{package.round.programme.dapa_reference}-rev{package.revision}"
    return download(package_workbook(package), "xlsx", stem)
