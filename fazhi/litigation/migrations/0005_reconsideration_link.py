# The bare integer Lawsuit.reconsideration_case_id becomes a kit MatterLink (复议 case —起诉→ lawsuit),
# so litigation no longer points into another domain's table. An id whose 复议 case no longer exists
# is not linked; its number stays in reconsideration_case_number. Reversible.

from django.db import migrations

LINKED_APP, LINKED_MODEL = "reconsideration", "reconsiderationcase"
KIND = "litigated"  # fazhi.core.kit.models.LinkKind.LITIGATED


def _case_model(apps):
    try:
        return apps.get_model(LINKED_APP, LINKED_MODEL)
    except LookupError:  # the reconsideration app is not installed: nothing can be linked
        return None


def to_links(apps, schema_editor):
    Lawsuit = apps.get_model("litigation", "Lawsuit")
    MatterLink = apps.get_model("kit", "MatterLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    pointing = list(
        Lawsuit.objects.filter(reconsideration_case_id__isnull=False).values_list("pk", "reconsideration_case_id")
    )
    Case = _case_model(apps)
    if not pointing or Case is None:
        return
    existing = set(Case.objects.filter(pk__in={case_id for _, case_id in pointing}).values_list("pk", flat=True))
    source_ct, _ = ContentType.objects.get_or_create(app_label=LINKED_APP, model=LINKED_MODEL)
    target_ct, _ = ContentType.objects.get_or_create(app_label="litigation", model="lawsuit")
    MatterLink.objects.bulk_create(
        [
            MatterLink(
                source_type=source_ct, source_id=case_id, target_type=target_ct, target_id=lawsuit_id, kind=KIND
            )
            for lawsuit_id, case_id in pointing
            if case_id in existing
        ],
        ignore_conflicts=True,
    )


def from_links(apps, schema_editor):
    Lawsuit = apps.get_model("litigation", "Lawsuit")
    MatterLink = apps.get_model("kit", "MatterLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    source_ct = ContentType.objects.filter(app_label=LINKED_APP, model=LINKED_MODEL).first()
    target_ct = ContentType.objects.filter(app_label="litigation", model="lawsuit").first()
    if source_ct is None or target_ct is None:
        return
    links = MatterLink.objects.filter(source_type=source_ct, target_type=target_ct, kind=KIND)
    for link in links.order_by("id"):  # the newest wins when a lawsuit was linked to several
        Lawsuit.objects.filter(pk=link.target_id).update(reconsideration_case_id=link.source_id)
    links.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("kit", "0001_initial"),
        ("litigation", "0004_recommendation_reply_version"),
    ]

    operations = [
        migrations.RunPython(to_links, from_links),
        migrations.RemoveField(model_name="lawsuit", name="reconsideration_case_id"),
    ]
