"""The vocabularies of the function contract (app/contract/functions.py): each value is a word both the
bridge and the PHP shim understand, so the generated PHP tables hold these strings unchanged."""

from __future__ import annotations

from enum import StrEnum


class ResultKind(StrEnum):
    """How the shim turns `result.value` back into what WHMCS expects."""

    ARRAY = "array"  # a PHP array as-is (json_decode(..., true)); the WHMCS "success"/"error" arrays
    STRING = "string"  # GetRegistrarLock: "locked" | "unlocked"
    NONE = "none"  # nothing to return (the shim returns an empty array)
    DOMAIN_INFORMATION = "domain_information"  # \WHMCS\Domain\Registrar\Domain, see DomainInformation
    SEARCH_RESULTS = "search_results"  # ResultsList of SearchResult, see SearchResultItem
    TLD_PRICING = "tld_pricing"  # \WHMCS\Results\ResultsList of ImportItem, see TldPricingItem
    PREMIUM_PRICE = "premium_price"  # {"CurrencyCode": "USD", "register": 1.0, ...}
    TEMPLATE = "template"  # {"templatefile": name, "vars": {...}, "breadcrumb": {...}}
    FIELDS = "fields"  # the AdditionalDomainFields catalogue of the shim's local cache


class Caller(StrEnum):
    """Which PHP code calls the function."""

    REGISTRAR = "registrar"  # WHMCS, through an ispapi_<Function> wrapper of ispapi.php
    HOOK = "hook"  # a hook of hooks.php (the row names the hook)
    ADDON = "addon"  # the admin addon page (modules/addons/ispapibridge)
    SHIM = "shim"  # the shim itself (the AdditionalDomainFields cache refresh)


class Answer(StrEnum):
    """Where the answer comes from."""

    BRIDGE = "bridge"  # forwarded to POST /v1/whmcs/{Function}
    LOCAL = "local"  # answered by the shim without any I/O (lib/Local.php)
    CACHE = "cache"  # answered from the shim's local field cache (lib/FieldsCache.php)
    ADMIN_TAB = "admin_tab"  # forwarded, the answer reshaped for the admin domain tab (lib/Prepared.php)


class TimeoutClass(StrEnum):
    """The shim's [connect, total] seconds per class live in lib/Transport.php TIMEOUTS."""

    LOOKUP = "lookup"  # the cart is waiting
    READ = "read"  # domain pages
    WRITE = "write"  # interactive changes
    MONEY = "money"  # Register/Transfer/Renew
    CRON = "cron"  # Sync/TransferSync
    PRICING = "pricing"  # GetTLDPricing and long admin loads


class ErrorMode(StrEnum):
    """How a failure leaves the PHP side."""

    ERROR = "error"  # ['error' => message]: WHMCS's failure test
    THROW = "throw"  # an exception (lookups, GetDomainInformation, GetPremiumPrice)
    CONFIG = "config"  # InvalidConfiguration: config_validate blocks the settings save
    PAGE = "page"  # client-area pages: templates/error.tpl with the message
    QUIET = "quiet"  # never fails: a local answer, or the last good cached copy
    ADMIN = "admin"  # the addon page shows the message in its own error box


class Completion(StrEnum):
    """Params the shim adds before forwarding, because WHMCS does not pass them to this function."""

    SETTINGS = "settings"  # the registrar settings (getRegistrarConfigOptions) when WHMCS passes none
    CURRENCIES = "currencies"  # `whmcs_currencies`: the currency codes WHMCS knows (tblcurrencies)
    DEFAULT_CURRENCY = "default_currency"  # `currency`: WHMCS's default currency, when absent
    WHMCS_STATUS = "whmcs_status"  # `whmcs_status`: the domain's status in tbldomains, when absent


class KeyExtra(StrEnum):
    """The part of an idempotency key that tells one order of a domain from the next one."""

    NONE = "none"
    AUTH_CODE = "auth_code"  # sha256 of `eppcode` (or `transfersecret`): another code, another order
    EXPIRY = "expiry"  # the expiry date (`expiryDate`, else tbldomains.expirydate, else "day:<today>")
