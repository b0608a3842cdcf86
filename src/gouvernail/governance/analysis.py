"""The scenario analysis page's figures, read from the database and computed by `scoring`."""

from django.core.exceptions import ValidationError

from gouvernail.governance import scoring
from gouvernail.governance.choices import Direction, Level
from gouvernail.governance.models import ScenarioAnalysis


def analysis_report(analysis: ScenarioAnalysis) -> dict:
    criteria = list(analysis.criteria.all())
    options = list(analysis.options.all())
    ratings_rows = [r for o in options for r in o.ratings.all()]
    levels = {(r.option_id, r.criterion_id): r.level for r in ratings_rows}
    by_cell = {(r.option_id, r.criterion_id): r for r in ratings_rows}
    specs = [scoring.Criterion(c.pk, c.weight, c.direction == Direction.LOWER) for c in criteria]
    option_ids = [o.pk for o in options]
    grid = [{"criterion": c, "cells": [by_cell.get((o.pk, c.pk)) for o in options]} for c in criteria]
    report = {"criteria": criteria, "options": options, "grid": grid, "levels": Level.choices, "error": None}
    try:
        scores = scoring.weighted_scores(option_ids, specs, levels)
    except ValidationError as error:  # all weights are zero
        report["error"] = " ".join(error.messages)
        return report
    by_id = {o.pk: o for o in options}
    report["ranking"] = [(rank, by_id[pk], score) for rank, pk, score in scoring.ranking(scores)]
    names = {c.pk: c for c in criteria}
    report["sensitivity"] = [
        {
            "criterion": names[row["criterion"]],
            "cases": [
                {
                    "factor": case["factor"],
                    "top": ", ".join(by_id[pk].code for pk in sorted(case["top"], key=lambda pk: by_id[pk].code)),
                    "changed": case["changed"],
                }
                for case in row["cases"]
            ],
        }
        for row in scoring.sensitivity(option_ids, specs, levels)
    ]
    report["stable"] = not any(case["changed"] for row in report["sensitivity"] for case in row["cases"])
    return report
