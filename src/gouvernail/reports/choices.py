from django.db import models


class CalendarCategory(models.TextChoices):
    MEETINGS = "reunions", "Réunions des instances"
    DECISIONS = "decisions", "Échéances des décisions à prendre"
    ACTIONS = "actions", "Échéances des actions ouvertes"
    CONTRACTS = "contrats", "Dates limites de dénonciation des contrats"


class ReminderKind(models.TextChoices):
    CONTRACT_NOTICE_90 = "preavis_j90", "Préavis de contrat à J-90"
    CONTRACT_NOTICE_30 = "preavis_j30", "Préavis de contrat à J-30"
    OVERDUE_ACTIONS = "actions_en_retard", "Actions en retard (hebdomadaire)"
    COPIL_PACK = "dossier_copil", "Dossier de COPIL prêt"


class PackFormat(models.TextChoices):
    PPTX = "pptx", "PowerPoint (PPTX)"
    PDF = "pdf", "PDF"
