"""Index moments by who recorded them and when, for "your recent moments" on the log page, in
place of the index on who recorded them alone (it read every moment a worker had ever recorded
to find yesterday's). Adds the new index first, so the foreign key is never without one, then
drops only the old index: left to itself, Django would also drop and re-add the foreign key,
which checks every moment again under a lock."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_INDEX = "connections_moment_recorded_by_id_f14d424b"


class Migration(migrations.Migration):
    dependencies = [
        ("connections", "0003_participant_day_statistics"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="moment",
            index=models.Index(fields=["recorded_by", "created_at"], name="moment_recorder_idx"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="moment",
                    name="recorded_by",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{OLD_INDEX}"',
                    reverse_sql=(
                        f'CREATE INDEX "{OLD_INDEX}" ON "connections_moment" ("recorded_by_id")'
                    ),
                )
            ],
        ),
    ]
