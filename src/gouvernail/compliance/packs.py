"""What the COPIL pack's « Hygiène informatique » slide shows, as JSON-ready plain values: the
latest hygiene assessment on the meeting's date, its score by theme against the previous
campaign, and the top gaps with their actions. None when the organisation has no assessment."""

from datetime import date

from gouvernail.compliance.library import ANSSI_HYGIENE
from gouvernail.compliance.models import Assessment
from gouvernail.compliance.scoring import WEIGHTING, overall_score, theme_scores, top_gaps
from gouvernail.core.formatting import display


def hygiene_snapshot(organisation, at: date, *, framework_slug: str = ANSSI_HYGIENE) -> dict | None:
    assessment = (
        Assessment.objects.filter(
            organisation=organisation, version__framework__slug=framework_slug, campaign_date__lte=at
        )
        .order_by("-campaign_date")
        .first()
    )
    if assessment is None:
        return None
    themes = theme_scores(assessment)
    previous = assessment.previous()
    before = {t.ref_id: t.score for t in theme_scores(previous)} if previous else {}
    return {
        "title": str(assessment),
        "campaign_date_display": display(assessment.campaign_date),
        "score": overall_score(themes),
        "previous_date_display": display(previous.campaign_date) if previous else None,
        "previous_score": overall_score(theme_scores(previous)) if previous else None,
        "weighting": WEIGHTING,
        "themes": [
            {"ref": t.ref_id, "name": t.name, "score": t.score, "previous": before.get(t.ref_id)} for t in themes
        ],
        "gaps": [
            {
                "ref": item.measure.ref_id,
                "title": item.measure.title,
                "status": item.get_status_display(),
                "actions": ", ".join(f"n° {a.number} ({a.get_status_display()})" for a in item.actions.all())
                or "aucune action",
            }
            for item in top_gaps(assessment, limit=6)
        ],
    }
