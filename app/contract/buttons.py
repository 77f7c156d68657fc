"""The buttons that offer the module's functions in WHMCS, as data (the shim's lib/Local.php shows them).

Client area (ClientAreaCustomButtonArray): [label, page function, condition], in the order shown; a button is
offered only when its condition holds and its page function exists in the module. Conditions:
    always            every domain
    idprotection      the domain has ID protection
    webapps           DNS management is on and the WebApps setting is on
    tld:<tld>         the domain's TLD is <tld>
    setting:<Key>     the registrar setting <Key> is on

Admin area (AdminCustomButtonArray): [label text key of lang/*.php, function]. WHMCS calls it once without
settings, so the set rests only on the WHMCS domain status: a pending transfer gets the transfer buttons,
any other domain the suspension pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["ADMIN_BUTTONS", "ADMIN_TRANSFER_STATUS", "CLIENT_BUTTONS", "AdminButton", "ClientButton"]


@dataclass(frozen=True)
class ClientButton:
    label: str
    function: str
    condition: str


@dataclass(frozen=True)
class AdminButton:
    label_key: str
    function: str


CLIENT_BUTTONS: tuple[ClientButton, ...] = (
    ClientButton("WHOIS Privacy", "whoisprivacy", "idprotection"),
    ClientButton(".CA Registrant WHOIS Privacy", "whoisprivacy_ca", "tld:ca"),
    ClientButton(".CA Change of Registrant", "registrantmodification_ca", "tld:ca"),
    ClientButton(".SE Registrant WHOIS Privacy", "whoisprivacy_se", "tld:se"),
    ClientButton(".NZ Registrant WHOIS Privacy", "whoisprivacy_nz", "tld:nz"),
    ClientButton(".IT Change of Registrant", "registrantmodification_it", "tld:it"),
    ClientButton(".CH Change of Registrant", "registrantmodification_tld", "tld:ch"),
    ClientButton(".LI Change of Registrant", "registrantmodification_tld", "tld:li"),
    ClientButton(".SE Change of Registrant", "registrantmodification_tld", "tld:se"),
    ClientButton(".SG Change of Registrant", "registrantmodification_tld", "tld:sg"),
    ClientButton(".NU Change of Registrant", "registrantmodification_tld", "tld:nu"),
    ClientButton("DNSSEC Management", "dnssec", "setting:DNSSEC"),
    ClientButton("Web Apps", "webapps", "webapps"),
    ClientButton("Private Nameservers List", "pnslist", "always"),
)

# The WHMCS domain status that selects the "transfer" set; every other status gets "domain".
ADMIN_TRANSFER_STATUS = "Pending Transfer"

ADMIN_BUTTONS: Mapping[str, tuple[AdminButton, ...]] = MappingProxyType(
    {
        "transfer": (
            AdminButton("button_cancel_transfer", "CancelDomainTransfer"),
            AdminButton("button_resend_transfer", "ResendTransferConfirmation"),
        ),
        "domain": (
            AdminButton("button_suspend", "SuspendDomain"),
            AdminButton("button_unsuspend", "UnsuspendDomain"),
        ),
    }
)
