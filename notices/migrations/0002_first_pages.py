from django.db import migrations


def load(apps, schema_editor):
    from notices import page_content as content

    NoticeCategory = apps.get_model("notices", "NoticeCategory")
    InfoPage = apps.get_model("notices", "InfoPage")
    FaqEntry = apps.get_model("notices", "FaqEntry")
    for order, (code, ko, en) in enumerate(content.CATEGORIES):
        NoticeCategory.objects.get_or_create(code=code, defaults={"name_ko": ko, "name_en": en, "order": order})
    for slug, order, title_ko, title_en, body_ko, body_en in content.PAGES:
        InfoPage.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "title_ko": title_ko,
                "title_en": title_en,
                "body_ko": body_ko,
                "body_en": body_en,
            },
        )
    if not FaqEntry.objects.exists():
        for order, (question_ko, question_en, answer_ko, answer_en) in enumerate(content.FAQ, start=1):
            FaqEntry.objects.create(
                order=order,
                question_ko=question_ko,
                question_en=question_en,
                answer_ko=answer_ko,
                answer_en=answer_en,
            )


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
