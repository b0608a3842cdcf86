"""Microsoft Entra ID / Intune connector (Graph): client (`client.py`), app-only tokens
(`auth.py`) and mapper (`mapper.py`); the run lives elsewhere.

Auth — `MsalTokenProvider(tenant_id=, client_id=, client_secret=)`: msal client credentials,
token cached by msal; refusals become `AuthenticationRefused` with the Entra code
(`invalid_client AADSTS7000215` = wrong or expired secret). Clients take any `TokenProvider`.

Client — `GraphClient(token_provider=)`: `users()` → `Users(items, sign_in_available)`
(retried without `signInActivity` on the documented 403 of a tenant without P1/P2);
`registration_details()` → list, or None when the licence hides the report;
`managed_devices()`. `@odata.nextLink` paging (same host only), 429 `Retry-After` honoured.

Mapper outputs (frozen dataclasses):
- `DirectoryUser(remote_id, email, upn, enabled, department, is_guest, last_sign_in,
  sign_in_known, mfa_registered)` from `map_users(items, registrations, sign_in_available=)` —
  the sync matches a person of the référentiel by `email` (the mail), else by `upn` (both
  lower-cased), and stores on it only enabled / MFA registered / last sign-in date
  (`core.DirectoryAccount`), for the MFA coverage and dormant-account indicators.
  `mfa_registered=None` and `sign_in_known=False` say "not available", never "no".
- `ManagedDevice(remote_id, name, serial, manufacturer, model, os_name, os_version, os_class,
  compliance, last_sync, encrypted, entra_device_id, personal)` from `map_device(item)` — match
  an `inventory.Equipment` by `serial` (placeholders such as "0" become ""), else by `name`;
  `os_class` is `inventory.choices.OsClass` (the Windows 11 indicator). No device user is kept.
"""
