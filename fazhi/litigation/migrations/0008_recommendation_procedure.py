"""司法建议/检察建议 become a procedure (workflow.RECOMMENDATION): status, version from 1, updated_at.

Existing rows keep everything they hold: a row with a reply lands in 已回复 (replied), one without
in 待回复 (received). Versions move up by one (the procedure's versions start at 1), so a page read
before the migration is still recognised as stale. Reversible.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def forwards(apps, schema_editor):
    Rec = apps.get_model("litigation", "JudicialRecommendation")
    Rec.objects.filter(replied_on__isnull=False).update(status="replied")
    Rec.objects.filter(replied_on__isnull=True).update(status="received")
    Rec.objects.update(version=F("version") + 1)


def backwards(apps, schema_editor):
    Rec = apps.get_model("litigation", "JudicialRecommendation")
    Rec.objects.filter(version__gt=0).update(version=F("version") - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("litigation", "0007_act_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="judicialrecommendation",
            name="status",
            field=models.CharField(
                db_index=True, default="registered", editable=False, max_length=30, verbose_name="办理状态"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="judicialrecommendation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="更新时间"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="judicialrecommendation",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本"),
        ),
        migrations.AlterField(
            model_name="judicialrecommendation",
            name="reply",
            field=models.TextField(blank=True, editable=False, verbose_name="整改回复"),
        ),
        migrations.AlterField(
            model_name="judicialrecommendation",
            name="replied_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="回复日期"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
