from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("productions", "0008_merges"),
    ]

    operations = [
        migrations.AddField(
            model_name="credit",
            name="credited_as",
            field=models.CharField(
                blank=True,
                help_text="The name on screen, when it differs from the person's",
                max_length=200,
            ),
        ),
    ]
