from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.core.calendar.seed import seed as do_seed

    do_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("calendar", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
