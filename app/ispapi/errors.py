"""Errors of the ISPAPI protocol library.

Registry answers (any CODE) are `Response` objects, never exceptions. A lost or broken exchange raises the
`ExchangeError` tree of `app/exchange.py`, shared with the CNR client. The errors below are programming
errors on our side:

    IspapiError                  root of everything this package raises on purpose
    ├── InvalidCommand           (also TypeError) a command value cannot be encoded
    (docs/ispapi-wire.md §1.3) ├── InsecureEndpoint         (also ValueError) a custom endpoint URL is not
    https and not loopback └── PaginationError          (also ValueError) a command cannot be paged (it
    carries LAST, docs/ispapi-wire.md §2.6)
"""

from __future__ import annotations

__all__ = ["InsecureEndpoint", "InvalidCommand", "IspapiError", "PaginationError"]


class IspapiError(Exception):
    """Root of every error raised on purpose by `app.ispapi`."""


class InvalidCommand(IspapiError, TypeError):
    """A command parameter cannot be flattened into `KEY=VALUE` lines; the message names the key."""


class InsecureEndpoint(IspapiError, ValueError):
    """The endpoint would carry credentials in clear text over a non-loopback network."""


class PaginationError(IspapiError, ValueError):
    """The command cannot be paged with FIRST/LIMIT."""
