from django.db import models


class Sourcing(models.TextChoices):
    MARKET = "marche", "Logiciel du marché"
    OPEN_SOURCE = "libre", "Logiciel libre / open source"
    IN_HOUSE = "interne", "Développement interne"


class Hosting(models.TextChoices):
    WEB = "web", "Web / SaaS"
    WORKSTATION = "poste_local", "Poste local"
    ON_PREMISE = "serveur_site", "Serveur sur site"
    VENDOR = "prestataire", "Hébergement prestataire"
    OTHER = "autre", "Autre"


class Criticality(models.TextChoices):
    LOW = "faible", "Faible"
    MEDIUM = "moyenne", "Moyenne"
    HIGH = "elevee", "Élevée"
    CRITICAL = "critique", "Critique"


class DataLocation(models.TextChoices):
    FRANCE = "france", "France"
    EU = "ue", "Union européenne"
    OUTSIDE_EU = "hors_ue", "Hors Union européenne"
    UNKNOWN = "inconnu", "Inconnue"
