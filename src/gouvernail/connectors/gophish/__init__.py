"""GoPhish connector: HTTP client (`client.py`) and mapper (`mapper.py`); the run lives elsewhere.

Client — `GophishClient(base_url, api_key=, verify=<CA file of the admin server>)`:
`campaign_summaries()`, `campaign_summary(id)`, `campaign_results(id)`. The key travels in the
`Authorization` header, never in the URL.

Mapper outputs (frozen dataclasses, ready to write into `awareness` models):
- `Campaign(remote_id, name, status, created_at, launched_at, completed_at, counts)` — one
  campaign, keyed on `remote_id`; `counts` are GoPhish's own totals (an `awareness` Tally).
- `map_recipients(payload, service_for_email)` — the campaign's results as
  `awareness.services.Recipient(service_id, status, reported)`, where
  `service_for_email(lower-cased e-mail) -> service id | None` looks the recipient up in the
  référentiel. `awareness.services.tally_recipients` counts them per service, cumulatively like
  GoPhish (a submission is also a click, an opening and a send); `service_id=None` gathers
  recipients matching nobody.
  Nothing in these outputs names a recipient; a page should still mask services with very few
  recipients, where a count would point at a person.
"""
