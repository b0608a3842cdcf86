"""Indicators, measurements and dashboards (« Tableaux de bord »).

Pieces
------
- `registry.py` — `Indicator` (catalogue entry + `compute` / `records` / `url`), `Value`,
  `Thresholds`, and `Dashboard` made of `Section`s of widgets: `Number`, `Bars`, `Trend`
  (reads stored measurements), `Table` (an indicator's dimensions, or a short list of rows).
- `builders.py` — `Source` (a list page + its FilterSet), `Dimension`, and the builders
  `count_indicator` / `ratio_indicator`: the number and its drill-down are the same FilterSet
  queryset, one aggregated, one listed, so they cannot drift apart.
- `periods.py` — `Period` (`2026-03`, `2026-T1`, `2026`). A monthly or quarterly indicator shows
  the last complete period; a `snapshot` one the state of the day (stored under its month).
- `models.py` — `Measurement` (organisation, code, period, dimension, value, count, unit,
  source, computed_at, source_run), unique per organisation, code, period and dimension.
- `services.py` — `measurements_compute(organisation=..., at=...)` (atomic, idempotent) and
  `measurements_backfill(...)` (past months, snapshots left out). `gouvernail kpi` prints them.
- `pages.py`, `charts.py`, `views.py` — the dashboard pages: each number with its period and
  « données au … », each chart a cached matplotlib SVG whose bars link to their drill-down,
  with a table of the same values (the text alternative). A page view reads the stored
  measurements (one query) and never re-aggregates the history; what is not stored yet, a
  snapshot older than the last journaled change, and breakdowns by service (small groups follow
  today's headcounts) are computed live and shared through the file-based cache under a key
  that changes with the data (see `pages.py`).
- `localdays.py` — grouping by local calendar day in SQL on SQLite (no Python call per row)
  as on PostgreSQL (`AT TIME ZONE`), exact across changes of hour.

Adding an indicator
-------------------
In the dashboard's module under `metrics/indicators/` (one module per dashboard; every module
there is imported by `MetricsConfig.ready()`):

1. Point at the list page that will show the records: `Source(MyFilterSet, "app:model_list",
   "Libellé de la source")`; for rows that happen at a date (requests, sessions), name that field
   too (`Source(..., "opened_at")`): the period the data start in is then stored and shown
   « période partielle » when the source covers it only in part (`periods.Coverage`). If the
   list lacks a filter the indicator needs, add it to the app's FilterSet (the drill-down must
   be an ordinary filtered list URL).
2. Declare it. A count: ``count_indicator(code="x", label="…", definition="…", unit="…",
   source=SOURCE, params=lambda period, today: {"state": "en_service"}, dimension=Dimension(
   "site", "site", "site", name_field="site__name", missing_params={"site_missing": "true"}),
   period_kind="snapshot")``. A percentage: ``ratio_indicator(numerator=…, denominator=…)``.
   Anything else: an `Indicator(compute=…, records=…, url=…)` whose `compute(organisation,
   period, today)` returns `Value(key, label, value, count)` where `count` is the number of rows
   `records(organisation, period, key, today)` returns. Aggregate in the database
   (`values().annotate(Count)`): a bounded number of queries whatever the data size.
   A breakdown by service uses `Dimension(..., by_service=True)`: groups of fewer than
   `settings.GOUVERNAIL_MIN_GROUP_SIZE` people show « effectif insuffisant ». A hand-written
   `compute` that hides small groups says so with `hides_small_groups=True` (pages then compute
   it live: stored measurements leave hidden values out). Group by local day with
   `metrics.localdays.local_days`, never `TruncDate` (a Python call per row on SQLite).
3. `register_indicator(...)`. The catalogue page lists it; `gouvernail kpi --compute` stores it.
4. Test it: `metrics/tests/test_drilldown.py` checks, for every registered indicator and
   dimension, that the drill-down list has exactly `count` rows — add edge cases for yours.

Adding a dashboard
------------------
``register_dashboard(Dashboard(slug="phishing", title="Campagnes de phishing", description="…",
source="GoPhish", order=50, sections=(Section("Vue d'ensemble", (Number("x"), Bars("y"),
Trend("x", periods=12))),)))``. It gets its page at `/tableaux-de-bord/<slug>/`, a menu entry
under « Tableaux de bord » and a card on the index. Add its slug to `DASHBOARD_SLUGS` in
`core/tests/test_permissions.py` (a metrics test fails while one is missing); the drill-down,
query-count and browser tests pick it up from the registry. Trends need past measurements: a
source with history backfills them (`measurements_backfill`); the demo's live in `demo/`.
"""
