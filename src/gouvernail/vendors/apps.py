from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "gouvernail.vendors"
    label = "vendors"
    verbose_name = "Prestataires, contrats et marchés publics"

    def ready(self) -> None:
        from datetime import date

        from gouvernail.core import home, navigation
        from gouvernail.vendors.home import register as register_home
        from gouvernail.vendors.models import Contract, ProcedureStep, Vendor

        register_home()
        navigation.register(
            navigation.MenuItem("Référentiel SI", "Prestataires", "vendors:vendor_list", "referentiel", order=30),
            navigation.MenuItem("Référentiel SI", "Contrats", "vendors:contract_list", "referentiel", order=31),
            navigation.MenuItem(
                "Référentiel SI", "Contacts prestataires", "vendors:vendorcontact_list", "referentiel", order=32
            ),
            navigation.MenuItem("Pilotage", "Marchés publics", "vendors:procurement_list", "governance", order=45),
        )
        home.register(
            home.Card(
                "Prestataires actifs",
                "vendors:vendor_list",
                "referentiel",
                lambda m: Vendor.objects.visible_to(m).filter(is_active=True),
                query="is_active=true",
                singular="Prestataire actif",
                order=30,
            ),
            home.Card(
                "Contrats à renouveler sous 12 mois",
                "vendors:contract_list",
                "referentiel",
                lambda m: Contract.objects.visible_to(m).to_renew(date.today()),
                query="to_renew=true",
                singular="Contrat à renouveler sous 12 mois",
                order=31,
            ),
            home.Card(
                "Étapes de marchés en retard",
                "vendors:procedurestep_list",
                "governance",
                lambda m: ProcedureStep.objects.visible_to(m).late(date.today()),
                query="late=true",
                singular="Étape de marché en retard",
                order=40,
            ),
        )
