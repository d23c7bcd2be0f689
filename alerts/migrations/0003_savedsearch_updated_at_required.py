from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_savedsearch_updated_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="savedsearch",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
    ]
