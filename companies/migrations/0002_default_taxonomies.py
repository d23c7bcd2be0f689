from django.db import migrations


def load(apps, schema_editor):
    from companies import taxonomy_data as data

    DefenceField = apps.get_model("companies", "DefenceField")
    OffsetField = apps.get_model("companies", "OffsetField")
    CertificationType = apps.get_model("companies", "CertificationType")
    Capability = apps.get_model("companies", "Capability")
    ProductCategory = apps.get_model("companies", "ProductCategory")
    for order, (code, ko, en) in enumerate(data.DEFENCE_FIELDS):
        DefenceField.objects.update_or_create(code=code, defaults={"name_ko": ko, "name_en": en, "order": order})
    for number, ko, en in data.OFFSET_FIELDS:
        OffsetField.objects.update_or_create(number=number, defaults={"name_ko": ko, "name_en": en})
    for model, rows in ((CertificationType, data.CERTIFICATION_TYPES), (Capability, data.CAPABILITIES),
                        (ProductCategory, data.PRODUCT_CATEGORIES)):
        for ko, en in rows:
            model.objects.get_or_create(name_en=en, defaults={"name_ko": ko})


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
