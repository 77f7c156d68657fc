"""The CNR command table and the parameter syntaxes its commands share."""

from __future__ import annotations

from sandbox.registry import INT_RE, CommandTable, Param

CNR = CommandTable()
command = CNR.command

BOOL = r"[01]"
CONTACT_HANDLE = r"[A-Za-z0-9._-]{1,64}"
EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
PAGING = (
    Param("FIRST", pattern=INT_RE),
    Param("LIMIT", pattern=INT_RE),
    Param("ORDER", choices=("ASC", "DESC")),
    Param("ORDERBY"),
    Param("WIDE", pattern=BOOL),
    Param("CLTRID"),
)
