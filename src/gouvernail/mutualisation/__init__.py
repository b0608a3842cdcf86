"""Mutualised services (« service mutualisé ») : an operator organisation — a syndicat, a centre
de gestion, an intercommunality's shared IT service — groups member organisations, and its users
read the members' COPIL indicators side by side on one consolidated page.

Pieces
------
- `models.py` — `MemberLink`: one member of one operator (the row belongs to the operator).
- `services.py` — `member_add` / `member_remove` (journaled, refused in French when absurd).
- `consolidation.py` — the figures: the stored measurements of every member read in one query
  (never recomputed), a sum for counts and a median for rates, threshold levels as the
  dashboards show them. The number of queries does not grow with the number of members.
- `views.py` — the consolidated page and its CSV / XLSX / ODS export (core's export mechanism).
  A member's own pages open only for a user who holds a membership there; anyone else of the
  operator sees that member's figures and nothing of its rows.

Member data stays separated: a member sees nothing of the other members (the page shows the
members of the *current* organisation, and a member commune has none).
"""
