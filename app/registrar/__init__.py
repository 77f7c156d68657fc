"""Registrar operations: one module per WHMCS function family, plain async functions over a context.

Importing this package registers every operation in `app.registrar.base.OPERATIONS`.
"""

from app.registrar import (  # noqa: F401  (imported for their @operation registrations)
    admin,
    applications,
    availability,
    config,
    contacts,
    dns,
    dnssec,
    domains,
    eppcode,
    hosts,
    information,
    lifecycle,
    locks,
    nameservers,
    premium_price,
    privacy,
    registrant_pages,
    sync,
    trade,
    transfers,
    webapps,
)
