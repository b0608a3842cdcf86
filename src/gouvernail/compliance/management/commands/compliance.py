"""`gouvernail compliance --org SLUG --framework anssi-hygiene --format table|json`: the latest
assessment of a framework, one entry per measure with its status, the proposal of the evidence
and the evidence itself (computed now). `--refresh` stores the proposals first; `--remind` sends
the reminders of the incident clocks due within 24 hours or overdue."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gouvernail.compliance.management.commands.framework import organisation_from
from gouvernail.compliance.models import Assessment
from gouvernail.compliance.reminders import clock_reminders_send
from gouvernail.compliance.services import bindings_by_ref, evidence_refresh, item_evidence

COLUMNS = ("ref", "theme", "level", "status", "proposed", "evidence")


class Command(BaseCommand):
    help = "Affiche l'auto-évaluation d'un référentiel : statut, statut proposé et preuves de chaque mesure."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Identifiant court de l'organisation.")
        parser.add_argument("--framework", default="anssi-hygiene", help="Identifiant court du référentiel.")
        parser.add_argument("--format", choices=("table", "json"), default="table")
        parser.add_argument("--refresh", action="store_true", help="Enregistre d'abord les propositions du jour.")
        parser.add_argument("--remind", action="store_true", help="Envoie les relances des délais d'incidents.")

    def handle(self, *args, org, framework, format, refresh, remind, **options):
        if remind:
            sent = clock_reminders_send()
            self.stderr.write(f"Relances des délais d'incidents envoyées : {sent}.")
            if not org:
                return
        organisation = organisation_from(org)
        assessment = (
            Assessment.objects.filter(organisation=organisation, version__framework__slug=framework)
            .select_related("version__framework")
            .order_by("-campaign_date")
            .first()
        )
        if assessment is None:
            raise CommandError(f"Aucune évaluation du référentiel « {framework} » dans {organisation}.")
        if refresh:
            evidence_refresh(assessment=assessment, acting_user=None)
        rows = list(entries(assessment))
        if format == "json":
            payload = {
                "organisation": organisation.slug,
                "framework": framework,
                "assessment": str(assessment),
                "campaign_date": assessment.campaign_date.isoformat(),
                "measures": rows,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{assessment} — {len(rows)} mesures")
        for row in rows:
            self.stdout.write(
                f"{row['ref']:>4}  {row['status']:<15} {(row['proposed'] or '—'):<15} {row['title'][:60]}"
            )


def entries(assessment):
    today = timezone.localdate()
    bindings = bindings_by_ref(assessment.version.framework)
    items = assessment.items.select_related("measure__theme", "owner").prefetch_related("actions")
    for item in items.order_by("measure__position"):
        evidence, proposed, explanation = item_evidence(
            item, today=today, bindings=bindings.get(item.measure.ref_id, [])
        )
        yield {
            "ref": item.measure.ref_id,
            "title": item.measure.title,
            "theme": item.measure.theme.name,
            "level": item.measure.level,
            "status": item.status,
            "proposed": proposed or None,
            "explanation": explanation,
            "override_reason": item.override_reason,
            "owner": str(item.owner) if item.owner else None,
            "target_date": item.target_date.isoformat() if item.target_date else None,
            "actions": [a.number for a in item.actions.all()],
            "evidence": [
                {
                    "source": e.probe,
                    "label": e.label,
                    "value": e.value,
                    "as_of": e.as_of.isoformat() if e.as_of else None,
                    "threshold": e.threshold,
                    "proposed": e.proposed,
                    "url": e.url,
                }
                for e in evidence
            ],
        }
