# The case's hand-rolled pointer at the record of the challenged act (act_record_type + act_record_id,
# a GenericForeignKey) becomes a kit MatterLink, the one way matters point at each other
# (docs/adr/0009-case-kit.md): act record —复议→ case (fazhi.core.kit.models.LinkKind.RECONSIDERED,
# 《行政复议法》第二条). Nothing in the code set the columns, but a deployed database may hold pairs
# written by hand; each one whose record still exists is linked. A pair naming a record that is gone
# (or a type no longer installed, or the case itself) pointed nowhere and is dropped.
# Reversing puts back the columns, filled from each case's earliest incoming 复议 link; the links stay.

from django.db import migrations

CASE_APP, CASE_MODEL = "reconsideration", "reconsiderationcase"
KIND = "reconsidered"  # fazhi.core.kit.models.LinkKind.RECONSIDERED


def _exists(apps, content_type, pk) -> bool:
    try:
        model = apps.get_model(content_type.app_label, content_type.model)
    except LookupError:
        return False
    return model._default_manager.filter(pk=pk).exists()


def to_links(apps, schema_editor):
    Case = apps.get_model(CASE_APP, CASE_MODEL)
    MatterLink = apps.get_model("kit", "MatterLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    pairs = list(
        Case.objects.filter(act_record_type__isnull=False, act_record_id__isnull=False).values_list(
            "pk", "act_record_type_id", "act_record_id"
        )
    )
    if not pairs:
        return
    case_ct, _ = ContentType.objects.get_or_create(app_label=CASE_APP, model=CASE_MODEL)
    types = ContentType.objects.in_bulk({type_id for _, type_id, _ in pairs})
    MatterLink.objects.bulk_create(
        [
            MatterLink(
                source_type_id=type_id, source_id=record_id, target_type=case_ct, target_id=case_id, kind=KIND
            )
            for case_id, type_id, record_id in pairs
            if (type_id, record_id) != (case_ct.pk, case_id) and _exists(apps, types[type_id], record_id)
        ],
        ignore_conflicts=True,
    )


def from_links(apps, schema_editor):
    Case = apps.get_model(CASE_APP, CASE_MODEL)
    MatterLink = apps.get_model("kit", "MatterLink")
    ContentType = apps.get_model("contenttypes", "ContentType")
    case_ct = ContentType.objects.filter(app_label=CASE_APP, model=CASE_MODEL).first()
    if case_ct is None:
        return
    links = MatterLink.objects.filter(target_type=case_ct, kind=KIND).order_by("-created_at", "-id")
    for link in links:  # the earliest is written last and wins
        Case.objects.filter(pk=link.target_id).update(
            act_record_type_id=link.source_type_id, act_record_id=link.source_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("kit", "0001_initial"),
        ("reconsideration", "0005_act_organisation"),
    ]

    operations = [
        migrations.RunPython(to_links, from_links),
        migrations.RemoveConstraint(
            model_name="reconsiderationcase",
            name="reconsideration_act_record_pair",
        ),
        migrations.RemoveField(
            model_name="reconsiderationcase",
            name="act_record_id",
        ),
        migrations.RemoveField(
            model_name="reconsiderationcase",
            name="act_record_type",
        ),
    ]
