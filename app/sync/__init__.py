"""Account-wide domain snapshot for the WHMCS domain sync (docs/architecture.md decision 9).

    account.py   which account a WHMCS call works on (account_key from backend, system + login)
    lock.py      single-flight leases in the database (also used by app.pricing)
    snapshot.py  the registry port's paged domain list -> domain_snapshot rows; what a row says for Sync
    service.py   fresh / stale / missing snapshot decisions, background refresh, look-up
    sql_stores.py  the SQL snapshot and hold stores a call's context carries (app/registrar/sync_stores.py)

Errors: this package raises the bridge's own tree (`app.errors`): a failed domain-list page is an
`UpstreamUnavailable` or `RegistryRejected` (the adapter's `ensure`). Sync never fails because of the
snapshot: any problem with it means "answer per domain".
"""
