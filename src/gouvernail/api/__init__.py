"""The REST API (« API ») over the same lists, filters and rules as the pages.

Pieces
------
- `endpoints.py` — which list pages become endpoints: every list page an app mounts is served
  at `/api/<the page's path>/` with the page's own queryset (`visible_queryset`, the row
  visibility rule), FilterSet and permission domain; the référentiel and the action plan are
  writable, through the page's own form and `save_form` (the same validation and services).
- `viewsets.py` — the one generic endpoint; `indicators.py` — the indicator catalogue and the
  measurements as a flat table (one row per indicator × period × dimension).
- `serializers.py` — read shapes built from what the detail page shows, write shapes (for
  the schema only: writes are validated by the form).
- `permissions.py` — the roles' rights (core.permissions) and the token's scope.
- `models.py`, `tokens.py`, `authentication.py` — personal API tokens (per user and
  organisation, read or read-write, expiry, revocable, stored as a SHA-256 hash) and the
  `Authorization: Bearer …` authentication; `journal.py` names the token in the journal.
- `views.py`, `forms.py` — the « Jetons d'API » page of the user's account.
"""
