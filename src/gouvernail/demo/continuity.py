"""Continuity of the demo: the PRA the study asks for (action 15, « Formaliser et tester un PRA »,
à planifier) as a first draft covering the critical applications of the map, its first test
planned (not yet run), and the supervised backups (all synthetic, labelled as such). Dates are
relative to the load date: one backup is always older than its RPO, one restore test is older
than a year, so the alert and « sauvegardes vérifiées » have something to show.
"""

from datetime import date, timedelta

from django.utils import timezone

from gouvernail.applications.models import Application
from gouvernail.continuity.models import BackupJob, ContinuityPlan, ContinuityTest, PlanEntry
from gouvernail.core.models import Organisation, Site
from gouvernail.demo.records import persist, synthetic_note

# Critical first: the order of recovery of the draft plan.
PLAN_APPLICATIONS = (
    (
        "Berger-Levrault",
        "Restaurer la base de la veille depuis la sauvegarde du serveur de gestion, puis "
        "vérifier la dernière paie et le dernier mandatement avec les services.",
    ),
    (
        "Nextcloud",
        "Service hébergé : ouvrir un incident chez l'hébergeur, basculer sur la copie de secours "
        "qu'il tient ; vérifier les partages des services.",
    ),
    ("i-Parapheur", "Service hébergé : suivre le rétablissement par l'éditeur ; circuit papier en attendant."),
    ("iNoé", "Service hébergé : suivre le rétablissement par l'éditeur ; listes de présence imprimées la veille."),
    ("AWS", "Transmission des actes reportée ; délai de transmission à la préfecture à surveiller."),
)

# (name, tool, application, hours since the last success, days since the restore test, restore ok)
BACKUPS = (
    ("SRV-GESTION (Berger-Levrault)", "veeam", "Berger-Levrault", 2, 75, True),
    ("SRV-FICHIERS (NAS)", "hyper_backup", None, 20, 400, True),
    ("SRV-GESTSUP", "pbs", "GestSup", 60, None, None),
    ("SRV-EPN (SurfPass)", "hyper_backup", "SurfPass", 30, 200, True),
    ("Nextcloud (copie de l'hébergeur)", "autre", "Nextcloud", 12, 150, True),
)


def build_continuity(organisation: Organisation, reference_date: date) -> int:
    applications = {a.name: a for a in Application.objects.filter(organisation=organisation)}
    headquarters = Site.objects.filter(organisation=organisation).order_by("pk").first()
    plan = persist(
        ContinuityPlan(
            organisation=organisation,
            title="Plan de reprise d'activité du système d'information",
            kind="pra",
            version="0.1",
            status="brouillon",
            scope="Perte de la salle serveur du siège, rançongiciel, indisponibilité d'un hébergeur.",
            notes=synthetic_note("L'étude demande de formaliser et tester un PRA (action 15, à planifier)."),
        )
    )
    for priority, (name, procedure) in enumerate(PLAN_APPLICATIONS, start=1):
        application = applications.get(name)
        if application is None:
            continue
        persist(
            PlanEntry(
                organisation=organisation,
                plan=plan,
                application=application,
                priority=priority,
                recovery_procedure=procedure,
                depends_on_site=headquarters,
                depends_on_vendor=application.vendor,
                dependencies=synthetic_note("Accès Internet du siège, annuaire, postes de secours."),
            )
        )
    persist(
        ContinuityTest(
            organisation=organisation,
            name="Premier test de restauration du serveur de gestion",
            plan=plan,
            kind="restauration",
            status="planifie",
            planned_on=reference_date + timedelta(days=45),
            scope="Restauration de la base Berger-Levrault sur un serveur isolé, mesure de la durée.",
        )
    )
    now = timezone.now()
    for name, tool, application_name, hours, restore_days, restore_ok in BACKUPS:
        persist(
            BackupJob(
                organisation=organisation,
                name=name,
                tool=tool,
                application=applications.get(application_name) if application_name else None,
                last_success_at=now - timedelta(hours=hours),
                last_restore_test_on=reference_date - timedelta(days=restore_days) if restore_days else None,
                restore_test_ok=restore_ok,
                notes=synthetic_note(),
            )
        )
    return len(BACKUPS)
