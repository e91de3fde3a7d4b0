"""Snapshot record ids: from JSON lists to the compact IdListField (fazhi.indicators.fields).

Add the new columns, copy every snapshot's ids, drop the JSON columns, and give the new ones their
names; reversible."""

from django.db import migrations, models

import fazhi.indicators.fields


def to_compact(apps, schema_editor):
    Snapshot = apps.get_model("indicators", "Snapshot")
    for snap in Snapshot.objects.only("pk", "numerator_ids", "denominator_ids").iterator(chunk_size=200):
        snap.numerator_list = list(snap.numerator_ids or [])
        snap.denominator_list = list(snap.denominator_ids or [])
        snap.save(update_fields=["numerator_list", "denominator_list"])


def to_json(apps, schema_editor):
    Snapshot = apps.get_model("indicators", "Snapshot")
    for snap in Snapshot.objects.only("pk", "numerator_list", "denominator_list").iterator(chunk_size=200):
        snap.numerator_ids = list(snap.numerator_list)
        snap.denominator_ids = list(snap.denominator_list)
        snap.save(update_fields=["numerator_ids", "denominator_ids"])


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_framework")]

    operations = [
        migrations.AddField(
            "snapshot", "numerator_list", fazhi.indicators.fields.IdListField(verbose_name="分子记录")
        ),
        migrations.AddField(
            "snapshot", "denominator_list", fazhi.indicators.fields.IdListField(verbose_name="分母记录")
        ),
        migrations.RunPython(to_compact, to_json),
        migrations.RemoveField("snapshot", "numerator_ids"),
        migrations.RemoveField("snapshot", "denominator_ids"),
        migrations.RenameField("snapshot", "numerator_list", "numerator_ids"),
        migrations.RenameField("snapshot", "denominator_list", "denominator_ids"),
    ]
