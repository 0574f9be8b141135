"""Drop four indexes that others already cover (each index is written by every moment recorded
and by every rebuild). Only the indexes go: left to itself, Django would also drop and re-add
each foreign key, which checks every row of these big tables again under a lock."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    # index name: (table, column), as 0001 named them
    "connections_connectionedge_resident_id_596ecefb": (
        "connections_connectionedge",
        "resident_id",
    ),
    "connections_dailyconnection_resident_id_4741bf0d": (
        "connections_dailyconnection",
        "resident_id",
    ),
    "connections_moment_home_id_7f864be2": ("connections_moment", "home_id"),
    "connections_weeklyconnection_resident_id_4e9bf8ab": (
        "connections_weeklyconnection",
        "resident_id",
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("connections", "0001_initial"),
        ("homes", "0001_initial"),
        ("residents", "0003_resident_self_report"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="connectionedge",
                    name="resident",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="residents.resident",
                    ),
                ),
                migrations.AlterField(
                    model_name="dailyconnection",
                    name="resident",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="residents.resident",
                    ),
                ),
                migrations.AlterField(
                    model_name="moment",
                    name="home",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="homes.home",
                    ),
                ),
                migrations.AlterField(
                    model_name="weeklyconnection",
                    name="resident",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="residents.resident",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=[f'DROP INDEX IF EXISTS "{name}"' for name in INDEXES],
                    reverse_sql=[
                        f'CREATE INDEX "{name}" ON "{table}" ("{column}")'
                        for name, (table, column) in INDEXES.items()
                    ],
                )
            ],
        )
    ]
