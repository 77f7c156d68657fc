"""Premium-domain look-ups of ISPAPI still made by operations themselves (transitional, see
app/registrar/replies.py): the account's price relations from StatusUser
(`PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL|_TRANSFER|_CURRENCY`, docs/module-behaviour.md §3.4) for the availability
and premium-price look-ups, and the newest premium application of a domain for the sync and
GetDomainInformation. Registration, transfer and renewal read their premium prices through the registry
port (app/backends/*/orders.py, lifecycle.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.registrar.dates import days_ago
from app.registrar.replies import answered, ensure, send

if TYPE_CHECKING:
    from app.registrar.base import RegistrarContext
    from app.registrar.params import DomainName

RELATION_KEY = "PRICE_CLASS_DOMAIN_{cls}_{kind}"


async def load_relations(ctx: RegistrarContext) -> dict[str, str]:
    """The account's relations (RELATIONTYPE -> RELATIONVALUE) from StatusUser."""
    reply = ensure(await send(ctx, {"COMMAND": "StatusUser"}))
    return dict(zip(reply.column("RELATIONTYPE"), reply.column("RELATIONVALUE"), strict=False))


def relation(relations: dict[str, str], cls: str, kind: str) -> str:
    return relations.get(RELATION_KEY.format(cls=cls, kind=kind), "").strip()


async def premium_application_status(ctx: RegistrarContext, domain: DomainName) -> str:
    """STATUS of the newest premium application for `domain` in the last 30 days, "" if none
    (docs/module-behaviour.md §8.3)."""
    reply = await send(
        ctx,
        {
            "COMMAND": "QueryDomainList",
            "DOMAIN": domain.ace,
            "OBJECTCLASS": "DOMAINAPPLICATION",
            "SUBCLASSREGEX": "^PREMIUM_.*$",
            "VERSION": 2,
            "NOTOTAL": 1,
            "UNIQUE": 1,
            "WIDE": 1,
            "LIMIT": 1,
            "USERDEPTH": "SELF",
            "ORDERBY": "CREATEDDATEDESC",
            "MINCREATEDDATE": days_ago(30),
        },
    )
    answered(reply)
    return reply.first("STATUS").strip().upper() if reply.is_success else ""
