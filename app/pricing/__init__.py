"""TLD pricing for WHMCS's Registrar TLD Sync (docs/module-behaviour.md §8).

    store.py      the PricingStore an operation reads (`RegistrarContext.pricing`), and an in-memory one
    cache.py      SqlPricing: the price list per account in cache_entry, single-flight refresh, background
                  refresh when stale; loaded through the registry port's `price_list`
                  (app/backends/ispapi/price_list.py, app/backends/cnr/price_list.py)
    maths.py      prices of one TLD for its periods and currency conversion: pure, Decimal
                  (docs/module-behaviour.md §8.4, §13.11)
    relations.py  ISPAPI's StatusUser price relations -> per-class price tables
                  (docs/module-behaviour.md §8.2)
    classes.py    ISPAPI price class -> TLD extension (COUK -> .co.uk, NAMESLD -> .name, XN-- classes via IDN)

Errors: the bridge's own tree (`app.errors`). A refresh that cannot load the price list raises
`RegistryRejected` / `UpstreamUnavailable` (for ISPAPI with the 5.1.12 texts) and the cache keeps what it
had; a single TLD without a price, periods or exchange rate is skipped with a logged reason, never an error
and never a 0.00 price.
"""
