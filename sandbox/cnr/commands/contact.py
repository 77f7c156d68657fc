"""CNR contacts: AddContact, StatusContact, ModifyContact, DeleteContact. Contacts are handles (P-...), made
once and named by domains; AddContact reuses an identical contact of the caller unless NEW=1."""

from __future__ import annotations

from collections.abc import Iterable

from sandbox import contacts
from sandbox.cnr.table import BOOL, CONTACT_HANDLE, EMAIL, command
from sandbox.context import CommandContext
from sandbox.errors import CommandError
from sandbox.protocol import Reply
from sandbox.registry import Param
from sandbox.state import Contact
from sandbox.world.dates import fmt

_PHONE = r"\+?[0-9]{1,4}[. ]?[0-9 ().-]{3,20}"
_OPTIONS = tuple(Param(name, pattern=BOOL) for name in ("VALIDATION", "CHECKONLY", "PREVERIFY", "AUTODELETE"))
_VERIFICATION = tuple(
    Param(f"X-VERIFICATION-{name}#")
    for name in ("DATA", "TRUSTFRAMEWORK", "TIMESTAMP", "METHOD", "REFERENCE", "EVIDENCE", "RESULT")
)
_EXTRA = ("TITLE", "MIDDLENAME")  # stored beside the fields AddContact dedupes on


def _fields(required: bool) -> tuple[Param, ...]:
    return (
        Param("TITLE"),
        Param("FIRSTNAME", required=required),
        Param("MIDDLENAME"),
        Param("LASTNAME", required=required),
        Param("ORGANIZATION"),
        Param("STREET#", required=required, max_index=2),
        Param("CITY", required=required),
        Param("STATE"),
        Param("ZIP", required=required),
        Param("COUNTRY", required=required, pattern=r"[A-Za-z]{2}"),
        Param("PHONE", required=required, pattern=_PHONE),
        Param("FAX", pattern=_PHONE),
        Param("EMAIL", required=required, pattern=EMAIL),
    )


def _verification_reply(contact: Contact | None) -> Reply:
    reply = Reply.ok()
    if contact is not None:
        reply.set("CONTACT", contact.handle)
    reply.set("VALIDATED", 1)
    reply.set("VERIFIED", bool(contact and contact.verified))
    reply.set("VERIFICATION REQUESTED", bool(contact and contact.verification_requested))
    return reply


@command("AddContact", *_fields(True), *_OPTIONS, Param("NEW", pattern=BOOL), *_VERIFICATION, mutating=True)
def add_contact(ctx: CommandContext) -> Reply:
    data = contacts.fields_from(ctx.params, "")
    contacts.validate(data, where="")
    data.update({key: ctx.p(key) for key in _EXTRA if ctx.p(key)})
    if ctx.flag("CHECKONLY"):
        return _verification_reply(None)
    contact = contacts.create(ctx, data, force_new=bool(ctx.flag("NEW")))
    _apply_options(ctx, contact)
    return _verification_reply(contact)


def _apply_options(ctx: CommandContext, contact: Contact) -> None:
    if ctx.flag("AUTODELETE") is not None:
        contact.auto_delete = bool(ctx.flag("AUTODELETE"))
    if ctx.flag("PREVERIFY") and not contact.verified:
        contact.verification_requested = True


@command("StatusContact", Param("CONTACT", required=True, pattern=CONTACT_HANDLE), Param("AUTH"))
def status_contact(ctx: CommandContext) -> Reply:
    contact = contacts.owned(ctx, ctx.require("CONTACT"))
    data = contact.fields
    streets = [data[k] for k in sorted(k for k in data if k.startswith("STREET"))]
    statuses = ["ok"] if contact.auto_delete else ["ok", "clientDeleteProhibited"]
    return Reply.ok(
        CONTACT=contact.handle, ROID=f"{contact.handle}-SANDBOX", REGISTRAR=contact.owner,
        AUTO_DELETE=contact.auto_delete, TITLE=data.get("TITLE", ""), FIRST_NAME=data.get("FIRSTNAME", ""),
        MIDDLE_NAME=data.get("MIDDLENAME", ""), LAST_NAME=data.get("LASTNAME", ""),
        ORGANIZATION=data.get("ORGANIZATION", ""), STREET=streets, ZIP=data.get("ZIP", ""),
        CITY=data.get("CITY", ""), STATE=data.get("STATE", ""), COUNTRY=data.get("COUNTRY", ""),
        PHONE=data.get("PHONE", ""), FAX=data.get("FAX", ""), EMAIL=data.get("EMAIL", ""),
        CREATED_DATE=fmt(contact.created_at), CREATED_BY=contact.owner, UPDATED_DATE=fmt(contact.updated_at),
        UPDATED_BY=contact.owner, STATUS=statuses, VERIFIED=contact.verified, VALIDATED=1,
    )  # fmt: skip


@command(
    "ModifyContact",
    Param("CONTACT", required=True, pattern=CONTACT_HANDLE),
    *_fields(False),
    *_OPTIONS,
    Param("AUTH"),
    Param("STATUS#", max_index=4),
    Param("ADDSTATUS#", max_index=4),
    Param("DELSTATUS#", max_index=4),
    *_VERIFICATION,
    mutating=True,
)
def modify_contact(ctx: CommandContext) -> Reply:
    contact = contacts.owned(ctx, ctx.require("CONTACT"))
    changes = contacts.fields_from(ctx.params, "")
    changes.update({key: ctx.p(key) for key in _EXTRA if ctx.p(key)})
    merged = dict(contact.fields)
    if any(k.startswith("STREET") for k in changes):
        merged = {k: v for k, v in merged.items() if not k.startswith("STREET")}
    merged.update(changes)
    contacts.validate(merged, where="")
    if ctx.flag("CHECKONLY"):
        return _verification_reply(contact)
    _status_changes(ctx, contact)
    if merged.get("EMAIL", "").lower() != contact.fields.get("EMAIL", "").lower():
        contact.verified = False
    contact.fields = merged
    contact.updated_at = ctx.now
    _apply_options(ctx, contact)
    return _verification_reply(contact)


def _status_changes(ctx: CommandContext, contact: Contact) -> None:
    """clientDeleteProhibited is the only client status a contact takes here (it is AUTODELETE=0)."""
    for key, keep in (("ADDSTATUS", False), ("DELSTATUS", True), ("STATUS", False)):
        for value in ctx.indexed(key):
            if value.strip().upper() != "CLIENTDELETEPROHIBITED":
                raise CommandError(f"{key}: {value}", code=541)
            contact.auto_delete = keep


@command("DeleteContact", Param("CONTACT", required=True, pattern=CONTACT_HANDLE), mutating=True)
def delete_contact(ctx: CommandContext) -> Reply:
    """Delete one of the caller's handles: 545 when there is none, 561 while a domain still names it."""
    contact = contacts.owned(ctx, ctx.require("CONTACT").strip())
    users = sorted(
        {domain.name for domain in ctx.world.domains.values() if _names(domain.contacts.values(), contact)}
        | {
            t.domain
            for t in ctx.world.transfers.values()
            if _names([v.split() for v in t.params.values()], contact)
        }
        | {t.domain for t in ctx.world.trades.values() if t.new_owner_contact == contact.handle}
    )
    if users:
        raise CommandError(f"contact {contact.handle} used by {', '.join(users[:5])}", code=561)
    del ctx.world.contacts[contact.handle]
    ctx.log_object(
        object_class="CONTACT",
        object_id=contact.handle,
        operation_type="DELETE",
        operation_status="SUCCESSFUL",
    )
    return Reply.ok()


def _names(handle_lists: Iterable[list[str]], contact: Contact) -> bool:
    """A domain, pending transfer or trade still names the handle (it would dangle once deleted)."""
    return any(contact.handle in handles for handles in handle_lists)
