import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The deciders' link becomes an explicit model, so that deleting a person who decided is
    refused. The table Django created for the implicit link is kept as is (same name, columns
    and unique pair): only the project state changes."""

    dependencies = [
        ("core", "0004_person_email"),
        ("governance", "0002_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="DecisionDecider",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "decision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="governance.decision",
                                verbose_name="décision",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="+",
                                to="core.person",
                                verbose_name="décideur",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "décideur",
                        "verbose_name_plural": "décideurs",
                        "db_table": "governance_decision_deciders",
                        "unique_together": {("decision", "person")},
                    },
                ),
                migrations.AlterField(
                    model_name="decision",
                    name="deciders",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        through="governance.DecisionDecider",
                        to="core.person",
                        verbose_name="décideurs",
                    ),
                ),
            ],
        ),
    ]
