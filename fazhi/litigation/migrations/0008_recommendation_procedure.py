"""司法建议/检察建议 become a procedure (workflow.RECOMMENDATION): status, version from 1, updated_at.
The existing rows get their states in 0009. Reversible."""

import django.utils.timezone
from django.db import migrations, models


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
    ]
