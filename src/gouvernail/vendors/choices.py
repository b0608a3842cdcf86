from django.db import models


class VendorTypology(models.TextChoices):
    TELECOMS = "telecoms", "Télécoms"
    HOSTING = "hebergement", "Hébergement"
    BUSINESS_SOFTWARE = "logiciel_metier", "Logiciel métier"
    SUPPORT = "support", "Support / infogérance"
    HARDWARE = "materiel", "Matériel"
    OTHER = "autre", "Autre"


class ContactRole(models.TextChoices):
    SUPPORT = "support", "Support technique"
    SALES = "commercial", "Commercial"
    ACCOUNT = "compte", "Responsable de compte"
    PROJECT = "projet", "Chef de projet"
    CONSULTANT = "consultant", "Consultant"
    BILLING = "facturation", "Administration des ventes / facturation"
    SECURITY = "securite", "Sécurité"
    OTHER = "autre", "Autre"
