from django.db import models


class Section(models.TextChoices):
    """The two sections of a French local budget."""

    INVESTMENT = "investissement", "Investissement"
    OPERATING = "fonctionnement", "Fonctionnement"


class ExecutionKind(models.TextChoices):
    """What a row of the finance software's export records."""

    COMMITMENT = "engagement", "Engagement"
    PAYMENT = "mandat", "Mandat"


# The scenario every organisation has: the trajectory the COPIL works from.
REFERENCE_SCENARIO = "Trajectoire de référence"
