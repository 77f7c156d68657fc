"""TLD pricing for WHMCS's Registrar TLD Sync (docs/module-behaviour.md §8).

    relations.py  StatusUser price relations -> per-class price tables (docs/module-behaviour.md §8.2)
    classes.py    price class -> TLD extension (COUK -> .co.uk, NAMESLD -> .name, XN-- classes via IDN)
    maths.py      prices of one TLD for its periods and currency conversion: pure, Decimal
    (docs/module-behaviour.md §8.4, §13.11) fetch.py      the registry calls of a refresh: StatusUser,
                  QueryExchangeRates, ConvertIDN,
                  QueryDomainOptions in chunks
    cache.py      the computed data in cache_entry, single-flight refresh, background refresh when stale

Errors: the bridge's own tree (`app.errors`). A refresh that cannot load relations, rates or TLD options
raises `RegistryRejected` / `UpstreamUnavailable` with the 5.1.12 texts; a single TLD without a price,
periods or exchange rate is skipped with a logged reason, never an error and never a 0.00 price.
"""
