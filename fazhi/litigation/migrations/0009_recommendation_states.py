"""司法建议/检察建议 become a procedure, the data step: a row with a reply lands in 已回复 (replied), one
without in 待回复 (received); versions move up by one (the procedure's versions start at 1), so a page
read before the migration is still recognised as stale. Reversible.

Apart from 0008 (the columns): on PostgreSQL the updates queue the rows' deferred foreign-key checks,
and the index 0008 creates at the end of its transaction cannot be built while those are pending.
"""

from django.db import migrations
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
        ("litigation", "0008_recommendation_procedure"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
