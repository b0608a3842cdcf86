from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur"
    REFERENT_SI = "referent_si", "Référent SI"
    DIRECTION = "direction", "Direction"
    ELU = "elu", "Élu"
    PRESTATAIRE = "prestataire", "Prestataire"
    AUDITEUR = "auditeur", "Auditeur"


class OrganisationKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    CC = "cc", "Communauté de communes"
    CA = "ca", "Communauté d'agglomération"
    CU = "cu", "Communauté urbaine / métropole"
    SYNDICAT = "syndicat", "Syndicat"
    MUTUALISED = "mutualise", "Service informatique mutualisé"
    DEPARTEMENT = "departement", "Département"
    OTHER = "autre", "Autre"


class ServiceKind(models.TextChoices):
    POLE = "pole", "Pôle"
    DEPARTMENT = "departement", "Département"
    SERVICE = "service", "Service"


class PersonKind(models.TextChoices):
    AGENT = "agent", "Agent"
    ELECTED = "elu", "Élu"


class JournalAction(models.TextChoices):
    CREATED = "+", "Création"
    UPDATED = "~", "Modification"
    DELETED = "-", "Suppression"
