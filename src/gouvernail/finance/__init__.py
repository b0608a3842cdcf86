"""Finances SI: the IT budget in the M57 nomenclature.

Pieces
------
- `nomenclature.py` — the small reference table of M57 accounts an IT service uses (from the
  reference notes; uncertain titles say so), shipped by `services.accounts_seed` and then
  edited by the organisation (`Account`).
- `models.py` — `BudgetLine` (year, section, account/chapter, function, service, voted
  amounts, what feeds it: contract, project, application, AP), `Programme` (AP) and its
  `PaymentCredit`s (CP per year), `ExecutionEntry` (engagements and mandats, attached to a line
  or listed as unmatched), `TrajectoryEntry` (PPI amounts by year, section, axis, scenario),
  `FinanceSettings` (hourly support cost). Money is `Decimal` everywhere.
- `BudgetLine.objects.with_amounts()` — crédits ouverts, engagé, mandaté, reste à réaliser in
  the database: the one query path of lists, exports, the « Budget SI » dashboard
  (`metrics/indicators/finance.py`) and the COPIL slide (`figures.copil_budget`).
- `figures.py` — read-only computations: yearly summary, trajectory against execution,
  coût complet par application.
- `services.py` — writes: the shipped accounts, the forecast proposed from what feeds a line,
  the CP of an AP set together within the AP.
- `imports.py` — the finance software's export (CSV/XLSX/XLS/ODS): preview, French errors
  naming row and column, atomic commit, matching by imputation and by SIRET then name.
"""
