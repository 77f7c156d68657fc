"""The world beyond the sandbox's own accounts: names nobody can register, and names someone else holds.

A registry is never empty. Without this a demo offers google.com for registration and a test cannot show
a taken name without setting one up first. Both dialects ask the same object, so ISPAPI and CNR see the
same world.

    reserved (CheckDomains 211 with the RFC as reason, AddDomain 541):
        every name under the special-use TLDs of RFC 2606 and RFC 6761: .test, .example, .invalid,
        .localhost; and the label "example" under every TLD (RFC 2606 reserves example.com/.net/.org
        for documentation; the sandbox extends that to all its TLDs so no demo shows one as free)
    registered at another registrar from the start (CheckDomains 211, AddDomain 554, StatusDomain 545):
        every label of BRANDS under every TLD, and every one- and two-character label under the big
        gTLDs (BIG_GTLDS); such a name becomes transferable once the control
        `POST /_sandbox/foreign-domains {"domain"}` sets it up and returns its auth code

`SandboxConfig(world_registrants=False)` (CLI `--empty-world`) turns both off: every valid name is free.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BIG_GTLDS", "BRANDS", "SPECIAL_USE_TLDS", "Registrants"]

SPECIAL_USE_TLDS: dict[str, str] = {
    "test": "RFC 6761: .test is reserved for testing",
    "example": "RFC 6761: .example is reserved for documentation",
    "invalid": "RFC 6761: .invalid is reserved for names that must never resolve",
    "localhost": "RFC 6761: .localhost is reserved for the local host",
}
EXAMPLE_LABEL = "example"
EXAMPLE_REASON = "RFC 2606: example names are reserved for documentation"
BIG_GTLDS = frozenset({"com", "net", "org", "info", "biz"})
# Well-known names held by their owners under every TLD of the sandbox (a fixed list: tests rely on it).
BRANDS = frozenset(
    {
        *("google", "youtube", "facebook", "instagram", "whatsapp", "twitter", "linkedin", "wikipedia"),
        *("amazon", "apple", "microsoft", "netflix", "yahoo", "bing", "reddit", "tiktok", "github"),
        *("paypal", "ebay", "adobe", "oracle", "ibm", "intel", "samsung", "sony", "nike", "cocacola"),
        *("pepsi", "visa", "mastercard", "spotify", "zoom", "dropbox", "wordpress", "mozilla", "cloudflare"),
        *("hexonet", "centralnic", "whmcs", "icann", "iana", "verisign"),
    }
)


@dataclass(frozen=True)
class Registrants:
    """Who else holds what; `enabled=False` is the empty world of `--empty-world`."""

    enabled: bool = True

    def special_use(self, name: str) -> tuple[str, str] | None:
        """(reason, class) when `name` (ACE, lower case) can never be registered, else None. The reason says
        "reserved" and a class comes with it, as for the registries' own reserved names, so a module shows
        the name as reserved rather than as registered."""
        if not self.enabled:
            return None
        labels = name.split(".")
        if labels[-1] in SPECIAL_USE_TLDS:
            return SPECIAL_USE_TLDS[labels[-1]], "RESERVED_SPECIAL_USE"
        if len(labels) >= 2 and labels[0] == EXAMPLE_LABEL:
            return EXAMPLE_REASON, "RESERVED_SPECIAL_USE"
        return None

    def holds(self, name: str, tld: str) -> bool:
        """True when another registrar's customer holds `name` (ACE, lower case) under `tld`."""
        if not self.enabled or not name.endswith("." + tld):
            return False
        label = name[: -len(tld) - 1]
        if "." in label:
            return False
        return label in BRANDS or (tld in BIG_GTLDS and len(label) <= 2)
