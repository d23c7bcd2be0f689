"""The policy versions shipped as data; the Django layer copies them into its PolicyVersion table
with a data migration, after which staff edit them there.

Which numbers are sourced and which are assumptions:
- Threshold USD 10 M, ratios 50 % (competing sources) / 10 % (sole source), the seven fields:
  the seed text (KDIA's K-OFFSET site).
- 30 % without competing sources from a December 2021 revision: DAPA magazine vol. 116,
  Delta One, Edaily. The month is sourced; the day (the 1st) is an assumption.
- The seed version's start, 2010-01-01, is an assumption: the text is undated. It only
  matters for programmes older than that, which then get NoPolicyInForce instead of a guess.
- FMS exemption "since 2017" (Edaily): the year is sourced, 1 January is an assumption.
- Multipliers: DAPA states SMEs get 3, twice what large and mid-sized firms get, hence 1.5
  for both; items with no size class (no Korean company named) get the default of 1.
- Banking and penalties: validity, caps and depreciation of banked credit are not public.
  The defaults follow older Canadian rules (100 % under 3 years, 75 % from 3 to 4, 50 % from
  4 to 5, nothing after 5), so credit is valid for 5 years; India's 7 years would contradict
  "nothing after 5". Banking itself began in 2018, so the seed version's banking terms only
  ever apply to deposits made from 2018 until the 2021 revision. Penalties (10 % forfeited,
  12-month cure, then 50 % of what is still unfulfilled) are from Delta One / DAPA magazine.
  Staff are expected to replace the defaults once DAPA's real figures are known.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from offsets.rules.kinds import SizeClass
from offsets.rules.money import Money
from offsets.rules.policy import BankingRules, DepreciationStep, MultiplierRule, PenaltyRules, PolicyVersion

THRESHOLD = Money.usd(Decimal("10000000.00"))

SIZE_MULTIPLIERS: tuple[MultiplierRule, ...] = (
    MultiplierRule(Decimal("3"), size_class=SizeClass.SME),
    MultiplierRule(Decimal("1.5"), size_class=SizeClass.MID),
    MultiplierRule(Decimal("1.5"), size_class=SizeClass.LARGE),
)

DEPRECIATION = (DepreciationStep(3, Decimal("0.75")), DepreciationStep(4, Decimal("0.50")))

# Banking began in 2018 (the year is sourced, 1 January assumed) with SMEs; since 2021 mid-sized
# firms qualify too (DAPA magazine vol. 116; the revision carries it, the exact 2021 date of
# that change is not sourced).
BANKING_FROM = date(2018, 1, 1)
SEED_BANKING = BankingRules(5, DEPRECIATION, frozenset({SizeClass.SME}), BANKING_FROM)
BANKING_2021 = BankingRules(5, DEPRECIATION, frozenset({SizeClass.SME, SizeClass.MID}), BANKING_FROM)

PENALTIES = PenaltyRules(forfeit_rate=Decimal("0.10"), cure_months=12, further_charge_rate=Decimal("0.50"))

FMS_EXEMPT_FROM = date(2017, 1, 1)

SEED_2010 = PolicyVersion(
    name="2010 seed rules",
    name_ko="2010 기본 규정",
    effective_from=date(2010, 1, 1),
    threshold=THRESHOLD,
    min_ratio_competitive=Decimal("0.50"),
    min_ratio_sole_source=Decimal("0.10"),
    multipliers=SIZE_MULTIPLIERS,
    banking=SEED_BANKING,
    penalty=PENALTIES,
    fms_exempt_from=FMS_EXEMPT_FROM,
    source="K-OFFSET seed text (threshold, ratios, fields); start date assumed. "
    "Banking and penalty figures are editable defaults (see offsets/rules/seed_policies.py).",
)

REVISION_2021_12 = PolicyVersion(
    name="December 2021 revision",
    name_ko="2021년 12월 개정",
    effective_from=date(2021, 12, 1),
    threshold=THRESHOLD,
    min_ratio_competitive=Decimal("0.50"),
    min_ratio_sole_source=Decimal("0.30"),
    multipliers=SIZE_MULTIPLIERS,
    banking=BANKING_2021,
    penalty=PENALTIES,
    fms_exempt_from=FMS_EXEMPT_FROM,
    source="DAPA magazine vol. 116; Delta One; Edaily (30 % without competing sources). "
    "Month sourced, day assumed.",
)

POLICY_VERSIONS: tuple[PolicyVersion, ...] = (SEED_2010, REVISION_2021_12)
