"""The admin domain tab: transfer status and log, WHOIS output and ERRP settings
(docs/module-behaviour.md §9.7, §12: module 7.0.0 "Transfer Status & Logs in Admin Area", 7.1.0 "Whois Output
& ERRP Settings").

AdminDomainsTabFields answers `{label key: HTML}`; the shim turns each label key into the admin's language
(lang/*/admin.php) and WHMCS prints the HTML as a table row. Every value from the registry is HTML-escaped
here, so a transfer log line or a stored banner can never inject markup into the admin page.

    row                                when (asked through the status port)
    admin_transfer_status / _log       a transfer is pending
    WHOIS output inputs                the registry shows the domain in the account
    ERRP inputs                        same, generic TLDs only (ERRP is an ICANN policy)

AdminDomainsTabFieldsSave reads the submitted `ispapi_whois[<PARAM>]` inputs (params.request.post), checks
every value (InvalidInput naming the field, before any call), and saves only the values that differ from
the registry's current ones, in one change.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Mapping

from app.contract.payloads import Result
from app.errors import InvalidInput, OperationFailed, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registry.status import DomainStatus, Missing

FORM_NAME = "ispapi_whois"
MAX_TEXT = 255
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s]*)?$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+\d{1,3}\.\d{4,14}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CCTLD = re.compile(r"^[a-z]{2}$")

# (ModifyDomain parameter, label key, value kind); the order is the row order on the page.
WHOIS_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("X-WHOIS-RSP", "admin_whois_rsp", "text"),
    ("X-WHOIS-URL", "admin_whois_url", "url"),
    ("X-WHOIS-BANNER0", "admin_whois_banner0", "text"),
    ("X-WHOIS-BANNER1", "admin_whois_banner1", "text"),
    ("X-WHOIS-BANNER2", "admin_whois_banner2", "text"),
)
ERRP_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("X-ERRP-RSP", "admin_errp_rsp", "text"),
    ("X-ERRP-URL", "admin_errp_url", "url"),
    ("X-ERRP-EMAIL", "admin_errp_email", "email"),
    ("X-ERRP-PHONE", "admin_errp_phone", "phone"),
    ("X-ERRP-TAC-URL", "admin_errp_tac_url", "url"),
    ("X-ERRP-SIGNATURE0", "admin_errp_signature0", "text"),
    ("X-ERRP-SIGNATURE1", "admin_errp_signature1", "text"),
    ("X-ERRP-SIGNATURE2", "admin_errp_signature2", "text"),
    ("X-ERRP-SIGNATURE3", "admin_errp_signature3", "text"),
)
_CHECKS: dict[str, tuple[re.Pattern[str] | None, str]] = {
    "text": (None, "text without control characters"),
    "url": (_URL, "an http:// or https:// address"),
    "email": (_EMAIL, "an email address"),
    "phone": (_PHONE, "a phone number like +49.30123456"),
}


def settings_fields(domain: p.DomainName) -> tuple[tuple[str, str, str], ...]:
    """WHOIS output fields everywhere, ERRP fields only for generic TLDs (two-letter TLDs are ccTLDs)."""
    last = domain.ace.rsplit(".", 1)[-1]
    return WHOIS_FIELDS if _CCTLD.match(last) else WHOIS_FIELDS + ERRP_FIELDS


def _escape(value: str) -> str:
    return html.escape(value, quote=True)


def _input(name: str, value: str) -> str:
    return (
        f'<input type="text" class="form-control input-400" name="{FORM_NAME}[{_escape(name)}]" '
        f'value="{_escape(value)}" maxlength="{MAX_TEXT}" />'
    )


@operation("AdminDomainsTabFields")
async def admin_domains_tab_fields(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    port = ctx.registry.status
    transfer, status = await asyncio.gather(port.pending_transfer(domain.ace), port.status(domain.ace))
    rows: dict[str, str] = {}
    if transfer is not None:
        rows["admin_transfer_status"] = _escape(transfer.status or "-")
        rows["admin_transfer_log"] = "<br />".join(_escape(line) for line in transfer.log) or "-"
    if isinstance(status, DomainStatus):
        for param, label, _kind in settings_fields(domain):
            rows[label] = _input(param, status.settings.get(param, ""))
    return array(rows)


def _submitted(params: p.Params) -> dict[str, str]:
    request = params.get("request")
    post = request.get("post") if isinstance(request, Mapping) else None
    form = post.get(FORM_NAME) if isinstance(post, Mapping) else None
    if not isinstance(form, Mapping):
        return {}
    return {
        str(k): ("" if v is None else str(v)) for k, v in form.items() if isinstance(v, str | int | float)
    }


def _clean(param: str, kind: str, raw: str) -> str:
    value = raw.strip()
    pattern, wanted = _CHECKS[kind]
    if len(value) > MAX_TEXT or _CONTROL.search(value) or (value and pattern and not pattern.match(value)):
        raise InvalidInput(f"{param} must be {wanted} (at most {MAX_TEXT} characters)", field=param)
    return value


@operation("AdminDomainsTabFieldsSave")
async def admin_domains_tab_fields_save(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    submitted = _submitted(ctx.params)
    wanted = {
        param: _clean(param, kind, submitted[param])
        for param, _label, kind in settings_fields(domain)
        if param in submitted
    }
    if not wanted:
        return array({})
    current = await ctx.registry.status.status(domain.ace)
    if isinstance(current, Missing):
        refusal = current.refusal
        raise RegistryRejected(
            refusal.description, registry_code=refusal.code, description=refusal.description
        )
    changes = {
        param: value for param, value in wanted.items() if current.settings.get(param, "").strip() != value
    }
    if not changes:
        return array({})
    try:
        await ctx.registry.status.save_settings(domain.ace, changes)
    except OperationFailed as exc:
        reason = exc.description if isinstance(exc, RegistryRejected) else exc.message
        ctx.activity(f"{domain.name}: Saving the WHOIS output / ERRP settings failed. ({reason})")
        raise
    ctx.activity(f"{domain.name}: WHOIS output / ERRP settings saved ({', '.join(sorted(changes))}).")
    return array({"success": True})
