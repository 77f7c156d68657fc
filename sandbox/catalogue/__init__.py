"""The sandbox's TLD catalogue: TLD facts, prices (StatusUser relations), exchange rates, premium and
reserved names, and TLD-specific parameter rules. Never imports ``app``.

    from sandbox.catalogue import default_catalogue
    cat = default_catalogue()
    cat.for_domain("example.co.uk").domain_options("example.co.uk")["ZONETRANSFERPERIODS"]   # "0Y"
"""

from __future__ import annotations

from sandbox.catalogue.catalogue import Catalogue, default_catalogue, normalize_domain
from sandbox.catalogue.errors import CatalogueDataError, CatalogueError, UnknownOperationError
from sandbox.catalogue.model import ParamProblem, PremiumInfo, Reservation, TldInfo, TldPrices

__all__ = [
    "Catalogue",
    "CatalogueDataError",
    "CatalogueError",
    "ParamProblem",
    "PremiumInfo",
    "Reservation",
    "TldInfo",
    "TldPrices",
    "UnknownOperationError",
    "default_catalogue",
    "normalize_domain",
]
