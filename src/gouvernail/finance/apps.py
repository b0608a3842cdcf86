from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gouvernail.finance"
    label = "finance"
    verbose_name = "Finances SI"

    def ready(self) -> None:
        from gouvernail.core import navigation

        menu = navigation.MenuItem
        navigation.register(
            menu("Finances SI", "Lignes budgétaires", "finance:budgetline_list", "finance", order=70),
            menu("Finances SI", "Trajectoire pluriannuelle", "finance:trajectory", "finance", order=71),
            menu("Finances SI", "Coût complet par application", "finance:application_costs", "finance", order=72),
            menu("Finances SI", "Autorisations de programme", "finance:programme_list", "finance", order=73),
            menu("Finances SI", "Crédits de paiement", "finance:paymentcredit_list", "finance", order=74),
            menu("Finances SI", "Engagements et mandats", "finance:executionentry_list", "finance", order=75),
            menu("Finances SI", "Montants de la trajectoire", "finance:trajectoryentry_list", "finance", order=76),
            # Those who run imports (the « collecte » rule) see the entry; the page itself
            # follows the finance editors' rule.
            menu("Finances SI", "Importer des mandats", "finance:execution_import", "collecte", order=76),
            menu("Finances SI", "Nomenclature M57", "finance:account_list", "finance", order=77),
            menu("Finances SI", "Paramètres financiers", "finance:financesettings_list", "finance", order=78),
        )
