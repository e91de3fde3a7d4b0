# 案号 move from MAX(case_serial)+1 to the kit's locked counter (fazhi.core.kit.numbering): seed one
# counter per organisation and year at the highest serial already used, so numbering continues.

from django.db import migrations
from django.db.models import Max

CODE = "复"  # reconsideration.models.CASE_NUMBER_CODE


def seed(apps, schema_editor):
    Case = apps.get_model("reconsideration", "ReconsiderationCase")
    Sequence = apps.get_model("documents", "DocumentSequence")
    used = Case.objects.values("organisation_id", "case_year").annotate(last=Max("case_serial"))
    for row in used:
        counter, _ = Sequence.objects.get_or_create(
            organisation_id=row["organisation_id"], prefix=CODE, year=row["case_year"]
        )
        if counter.last < row["last"]:
            counter.last = row["last"]
            counter.save(update_fields=["last"])


def unseed(apps, schema_editor):
    apps.get_model("documents", "DocumentSequence").objects.filter(prefix=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("reconsideration", "0003_encrypt_identifiers"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
