from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gouvernail.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from gouvernail.core import home, journal, navigation  # noqa: F401  (journal connects its receiver)
        from gouvernail.core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="gouvernail_french_collation")
        from gouvernail.core.choices import Role
        from gouvernail.core.models import JournalEntry, Person, Site

        JOURNAL_LINES = 8

        navigation.register(
            navigation.MenuItem("Organisation", "Sites", "core:site_list", "referentiel", order=10),
            navigation.MenuItem("Organisation", "Services", "core:service_list", "referentiel", order=11),
            navigation.MenuItem("Organisation", "Personnes", "core:person_list", "people", order=12),
            navigation.MenuItem(
                "Administration", "Paramètres", "core:organisation_settings", "administration", order=89
            ),
            navigation.MenuItem("Administration", "Habilitations", "core:membership_list", "administration", order=90),
            navigation.MenuItem(
                "Administration", "Journal des modifications", "core:journalentry_list", "journal", order=91
            ),
        )
        home.register(
            home.Panel(
                "journal",
                "core/home/journal.html",
                "journal",
                lambda m, today: {"entries": list(JournalEntry.objects.visible_to(m)[:JOURNAL_LINES])},
                roles=frozenset({Role.ADMIN, Role.AUDITEUR}),
                order=35,
            ),
            home.Card(
                "Sites",
                "core:site_list",
                "referentiel",
                lambda m: Site.objects.visible_to(m),
                order=50,
                singular="Site",
            ),
            home.Card(
                "Agents actifs",
                "core:person_list",
                "people",
                lambda m: Person.objects.visible_to(m).filter(is_active=True, kind="agent"),
                query="is_active=true&kind=agent",
                singular="Agent actif",
                order=51,
            ),
        )
