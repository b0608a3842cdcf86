from django.db import models


class CampaignSource(models.TextChoices):
    """Where a campaign's figures come from. A GoPhish campaign is rewritten by each sync."""

    GOPHISH = "gophish", "GoPhish"
    MANUAL = "saisie", "Saisie manuelle"
    IMPORT = "import", "Import de fichier"
    DEMO = "demo", "Démonstration (synthétique)"


# Sources whose results are kept by hand in Gouvernail (the others are written by a connector).
MANUAL_SOURCES = frozenset({CampaignSource.MANUAL, CampaignSource.IMPORT})

# GoPhish's per-recipient status is the furthest stage reached; its statistics are cumulative
# (sent ⊇ opened ⊇ clicked ⊇ submitted): `models/campaign.go`, getCampaignStats.
GOPHISH_STAGES = {
    "Email Sent": 1,
    "Email Opened": 2,
    "Clicked Link": 3,
    "Submitted Data": 4,
}
