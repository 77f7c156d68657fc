"""Errors of the sandbox's TLD catalogue.

The catalogue is built from data shipped in this package; a fault there is a programming error, found by
the tests and at start-up, never something a client of the sandbox can trigger. Bad *input* (an unknown
TLD, a missing extension parameter) is answered with values (``None``, :class:`ParamProblem`), not raised.

    CatalogueError (ValueError)
     +-- CatalogueDataError      a data table is inconsistent (duplicate name or class, unknown TLD in a rule)
     +-- UnknownOperationError   check_params() was given an operation outside register/transfer/trade/modify
"""

from __future__ import annotations

__all__ = ["CatalogueDataError", "CatalogueError", "UnknownOperationError"]


class CatalogueError(ValueError):
    """Root of the catalogue's errors."""


class CatalogueDataError(CatalogueError):
    """The catalogue's own data is inconsistent."""


class UnknownOperationError(CatalogueError):
    """An operation name outside the supported set was asked for."""
