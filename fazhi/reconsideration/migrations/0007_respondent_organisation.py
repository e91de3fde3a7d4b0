"""Link each case's 被申请人, recorded as a name, to the organisation of that name in the case's
county where there is exactly one (2023 《行政复议法》第十九条: the respondent is the organ that acted),
so the respondent department sees the case against it and files its 答复 in the system. A name
matching no organisation, or several, stays a name only. Reversing clears nothing: the link is data
the old code ignored."""

from django.db import migrations


def link_respondents(apps, schema_editor):
    Case = apps.get_model("reconsideration", "ReconsiderationCase")
    Organisation = apps.get_model("core", "Organisation")
    by_name: dict[tuple[str, str], list[int]] = {}
    for pk, name, region in Organisation.objects.values_list("pk", "name", "region_id"):
        by_name.setdefault((region[:6], name), []).append(pk)
    pending = Case.objects.filter(act_organisation__isnull=True).only("pk", "respondent_name", "region_code")
    for case in pending.iterator(chunk_size=2000):
        found = by_name.get((case.region_code[:6], "".join(case.respondent_name.split())), [])
        if len(found) == 1:
            Case.objects.filter(pk=case.pk).update(act_organisation_id=found[0])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_organisation_functions"),
        ("reconsideration", "0006_act_record_to_link"),
    ]

    operations = [migrations.RunPython(link_respondents, migrations.RunPython.noop)]
