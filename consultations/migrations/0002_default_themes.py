"""The recurring difficulties KDIA starts with; it edits, adds and retires themes in the admin."""

from django.db import migrations

THEMES = [
    ("적격 국내업체 발굴 어려움", "Hard to find qualified Korean participants"),
    ("절충교역 가치 산정 기준 불명확", "Unclear valuation of offset value"),
    ("승수 적용 대상 해석", "Which cooperation earns a multiplier"),
    ("사전가치축적(뱅킹) 절차", "Banking (prior value accumulation) procedure"),
    ("이행 실적 인정 지연", "Slow approval of fulfilment claims"),
    ("수출 허가·기술 통제", "Export licences and technology control"),
    ("언어·문서 번역 부담", "Language and translation burden"),
    ("국내업체 품질·인증 수준", "Korean suppliers' quality and certification"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("consultations", "Theme")
    for order, (name_ko, name_en) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name_en=name_en, defaults={"name_ko": name_ko, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
