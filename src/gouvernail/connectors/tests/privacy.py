"""Scans every table's stored values, to prove a sync kept no personal datum it read."""

from django.apps import apps


def stored_rows() -> set[str]:
    """Every row of every model (journal and history included), one lower-cased text each."""
    chunks = set()
    for model in apps.get_models(include_auto_created=True):
        for row in model._default_manager.all().values_list():
            chunks.add(f"{model._meta.label} " + " ".join(str(value) for value in row).lower())
    return chunks
