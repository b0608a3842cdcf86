"""Helpers of the procurement tests: valid form data to override field by field, score grids."""

from gouvernail.testing.factories.vendors import make_score


def step_data(procurement, **overrides) -> dict:
    data = {
        "procurement": procurement.pk,
        "position": "1",
        "name": "Relecture du DCE",
        "planned_start": "2025-12-02",
        "planned_end": "2025-12-05",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def procurement_data(**overrides) -> dict:
    data = {
        "reference": "2026-SI-02",
        "subject": "Renouvellement du parc",
        "procedure_type": "mapa",
        "status": "preparation",
    }
    return {key: value for key, value in {**data, **overrides}.items() if value is not None}


def score_all(grid, alpha: tuple[str, str], beta: tuple[str, str]) -> None:
    for candidate, (price, quality) in ((grid["alpha"], alpha), (grid["beta"], beta)):
        make_score(candidate, grid["price"], price, justification=f"Prix de {candidate.name}")
        make_score(candidate, grid["quality"], quality, justification=f"Mémoire de {candidate.name}")
