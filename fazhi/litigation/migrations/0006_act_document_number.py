# Lawsuit.act_number is the kit's ChallengedActBase.act_document_number from now on. The column keeps
# its name (db_column="act_number"): state only, no SQL, no data touched.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("litigation", "0005_reconsideration_link")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField("lawsuit", "act_number", "act_document_number"),
                migrations.AlterField(
                    model_name="lawsuit",
                    name="act_document_number",
                    field=models.CharField(
                        blank=True, db_column="act_number", max_length=100, verbose_name="被诉行为文书号"
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
