from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    SME = "sme", _("SME")
    MID = "mid", _("Mid-sized company")
    LARGE = "large", _("Large company")


class Region(models.TextChoices):
    """The 17 first-level divisions of Korea."""

    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    GWANGJU = "gwangju", _("Gwangju")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("North Chungcheong")
    CHUNGNAM = "chungnam", _("South Chungcheong")
    JEONBUK = "jeonbuk", _("North Jeolla")
    JEONNAM = "jeonnam", _("South Jeolla")
    GYEONGBUK = "gyeongbuk", _("North Gyeongsang")
    GYEONGNAM = "gyeongnam", _("South Gyeongsang")
    JEJU = "jeju", _("Jeju")


# Korean spellings accepted for each region on import: short and official names.
REGION_KOREAN_NAMES = {
    "seoul": ("서울", "서울시", "서울특별시"),
    "busan": ("부산", "부산시", "부산광역시"),
    "daegu": ("대구", "대구시", "대구광역시"),
    "incheon": ("인천", "인천시", "인천광역시"),
    "gwangju": ("광주", "광주시", "광주광역시"),
    "daejeon": ("대전", "대전시", "대전광역시"),
    "ulsan": ("울산", "울산시", "울산광역시"),
    "sejong": ("세종", "세종시", "세종특별자치시"),
    "gyeonggi": ("경기", "경기도"),
    "gangwon": ("강원", "강원도", "강원특별자치도"),
    "chungbuk": ("충북", "충청북도"),
    "chungnam": ("충남", "충청남도"),
    "jeonbuk": ("전북", "전라북도", "전북특별자치도"),
    "jeonnam": ("전남", "전라남도"),
    "gyeongbuk": ("경북", "경상북도"),
    "gyeongnam": ("경남", "경상남도"),
    "jeju": ("제주", "제주도", "제주특별자치도"),
}


def region_from_text(text: str) -> str | None:
    """A region code from its code, English label or Korean name; None when unknown."""
    value = (text or "").strip()
    lowered = value.lower()
    if lowered in Region.values:
        return lowered
    for code, names in REGION_KOREAN_NAMES.items():
        if value in names:
            return code
    return None


class CompanyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for verification")
    PUBLISHED = "published", _("Published")
    NEEDS_UPDATE = "needs_update", _("Needs update")


# Statuses whose profile the public directory shows.
PUBLIC_STATUSES = (CompanyStatus.PUBLISHED, CompanyStatus.NEEDS_UPDATE)


class OffsetTypePair(models.TextChoices):
    """Each offset item is direct or indirect, and defence or commercial (domain.md)."""

    DIRECT_DEFENCE = "direct_defence", _("Direct, defence")
    DIRECT_COMMERCIAL = "direct_commercial", _("Direct, commercial")
    INDIRECT_DEFENCE = "indirect_defence", _("Indirect, defence")
    INDIRECT_COMMERCIAL = "indirect_commercial", _("Indirect, commercial")


class TrackRecordKind(models.TextChoices):
    OFFSET = "offset", _("Offset programme")
    EXPORT = "export", _("Export")
    DEFENCE = "defence", _("Defence programme")


class CompanySort(models.TextChoices):
    NAME = "name", _("Name")
    UPDATED = "-updated", _("Recently updated")
    FOUNDED = "founded", _("Oldest first")
    EMPLOYEES = "-employees", _("Most employees")


class ProductSort(models.TextChoices):
    NAME = "name", _("Name")
    UPDATED = "-updated", _("Recently updated")
    TRL = "-trl", _("Highest readiness")
