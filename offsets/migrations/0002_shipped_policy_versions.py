"""Load the policy versions shipped with the rules engine (offsets/rules/seed_policies.py).

Copied once; from then on staff edit them in the administration. The data is read from the
engine module so the numbers exist in one place.
"""

from django.db import migrations


def load(apps, schema_editor):
    from offsets.rules.seed_policies import POLICY_VERSIONS

    PolicyVersion = apps.get_model("offsets", "PolicyVersion")
    for version in POLICY_VERSIONS:
        if PolicyVersion.objects.filter(effective_from=version.effective_from).exists():
            continue
        row = PolicyVersion.objects.create(
            name_en=version.name,
            name_ko=version.name_ko,
            effective_from=version.effective_from,
            source_en=version.source,
            threshold_usd=version.threshold.amount,
            min_ratio_competitive=version.min_ratio_competitive,
            min_ratio_sole_source=version.min_ratio_sole_source,
            fms_exempt_from=version.fms_exempt_from,
            banking_validity_years=version.banking.validity_years,
            banking_available_from=version.banking.available_from,
            banking_for_sme="sme" in version.banking.eligible_sizes,
            banking_for_mid="mid" in version.banking.eligible_sizes,
            banking_for_large="large" in version.banking.eligible_sizes,
            penalty_forfeit_rate=version.penalty.forfeit_rate,
            cure_period_months=version.penalty.cure_months,
            further_charge_rate=version.penalty.further_charge_rate,
        )
        for rule in version.multipliers:
            row.multipliers.create(
                multiplier=rule.multiplier,
                offset_field=rule.offset_field,
                direct=None if rule.directness is None else rule.directness == "direct",
                defence=None if rule.sector is None else rule.sector == "defence",
                size_class=rule.size_class or "",
            )
        for step in version.banking.depreciation:
            row.depreciation_steps.create(from_years=step.from_years, remaining_share=step.remaining_share)


class Migration(migrations.Migration):
    dependencies = [("offsets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
