"""The CNR commands the bridge sends, and the WHMCS functions that need each: what `doctor --backend cnr`
asks the registry about for a role user (docs/cnr-protocol.md, Role users).

A role user's ACL is a list of commands; an admin who forgot one sees a WHMCS function fail with 531
"Authorization failed" only when that function runs. tests/doctor/test_cnr_commands.py keeps this table
complete against the commands the CNR adapters (app/backends/cnr/) send.
"""

from __future__ import annotations

CNR_COMMANDS: dict[str, tuple[str, ...]] = {
    # account, search and prices
    "StatusAccount": ("config_validate", "admin overview"),
    "CheckDomains": ("CheckAvailability", "GetDomainSuggestions"),
    "GetNameSuggestion": ("GetDomainSuggestions",),
    "QueryZoneList": ("GetTLDPricing", "GetPremiumPrice"),
    "GetZoneInfo": ("GetTLDPricing",),
    "QueryExchangeRates": ("GetTLDPricing", "GetPremiumPrice"),
    # orders and lifecycle
    "AddDomain": ("RegisterDomain",),
    "CheckDomainTransfer": ("TransferDomain",),
    "TransferDomain": ("TransferDomain", "CancelDomainTransfer"),
    "RenewDomain": ("RenewDomain",),
    "SetDomainRenewalMode": ("RenewDomain", "Sync"),
    "RestoreDomain": ("RenewDomain",),
    # settling an order whose reply was lost (the journal asks what the registry did since)
    "QueryObjectLogList": ("RenewDomain",),
    "StatusDomainApplication": ("PollApplications (daily cron)",),
    "DeleteDomain": ("RequestDelete",),
    "PushDomain": ("ReleaseDomain",),
    "StatusDomainTransfer": ("TransferSync", "AdminDomainsTabFields"),
    "QueryTransferList": ("TransferSync",),
    "ResendNotification": ("ResendIRTPVerificationEmail", "ResendTransferConfirmation"),
    # domain status
    "StatusDomain": ("GetDomainInformation", "GetNameservers", "GetEPPCode", "Sync", "GetContactDetails"),
    "QueryDomainList": ("Sync",),
    "ModifyDomain": (
        "SaveNameservers",
        "SaveRegistrarLock",
        "IDProtectToggle",
        "SaveContactDetails",
        "dnssec",
    ),
    "SetAuthCode": ("GetEPPCode",),
    # contacts
    "AddContact": ("RegisterDomain", "TransferDomain", "SaveContactDetails"),
    "StatusContact": ("GetContactDetails",),
    "ModifyContact": ("SaveContactDetails",),
    "TradeDomain": ("SaveContactDetails", "registrantmodification_tld"),
    "StatusOwnerChange": ("registrantmodification_tld",),
    # private name servers
    "AddNameserver": ("RegisterNameserver",),
    "ModifyNameserver": ("ModifyNameserver",),
    "DeleteNameserver": ("DeleteNameserver",),
    "StatusNameserver": ("pnslist",),
    # DNS, URL and mail forwarding
    "AddDNSZone": ("SaveDNS",),
    "StatusDNSZone": ("GetDNS",),
    "QueryDNSZoneRRList": ("GetDNS",),
    "ModifyDNSZone": ("SaveDNS",),
    "QueryWebFwdList": ("GetDNS",),
    "AddWebFwd": ("SaveDNS",),
    "DeleteWebFwd": ("SaveDNS",),
    "QueryMailFwdList": ("GetEmailForwarding",),
    "AddMailFwd": ("SaveEmailForwarding",),
    "DeleteMailFwd": ("SaveEmailForwarding",),
}


def probe_command(command: str) -> dict[str, str]:
    """The command the doctor sends to learn whether the role may run `command`: the bare name, no object.

    A registry checks the role's ACL before the parameters, so a forbidden command answers 531 and an
    allowed one an error about the missing parameters: every command of the table that changes anything
    requires a parameter (tests/doctor/test_cnr_commands.py checks that against the sandbox), so the probe
    never acts. List commands ask for one row, to keep the probe cheap."""
    fields = {"COMMAND": command}
    if command.startswith("Query"):
        fields["LIMIT"] = "1"
    return fields
