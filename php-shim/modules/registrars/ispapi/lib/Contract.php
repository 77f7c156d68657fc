<?php
/**
 * GENERATED from app/contract/ by `python -m app.contract.generate`: do not edit; change the table there and
 * run the command again (tests/contract/ fails while this file differs from a fresh generation).
 *
 * FUNCTIONS, per function the shim sends to (or answers instead of) the bridge:
 *   caller     registrar (ispapi.php), hook (hooks.php), addon (the admin page), shim (FieldsCache)
 *   answer     bridge (forwarded), local (Local, no I/O), cache (FieldsCache), admin_tab (Prepared)
 *   kinds      result kinds accepted from the bridge (anything else is "Invalid response")
 *   timeout    timeout class of Transport::TIMEOUTS (null: no bridge call)
 *   mode       error mode of Errors::MODES; quiet and admin are handled by their callers
 *   money      true for the not-repeatable operations that carry an Idempotency-Key
 *   key        how the key is formed: sha256("ispapi|<function>|<fields>|<extra>"), each field the first
 *              of its param names that is set; extra: none, auth_code (sha256 of the auth code) or expiry
 *   completes  params the shim adds first: settings, currencies, default_currency, whmcs_status
 *   request    true for pages and buttons: $_POST/$_GET travel as params.request.{post,get}
 * CLIENT_BUTTONS, ADMIN_BUTTONS: the buttons Local offers (app/contract/buttons.py explains them).
 * CLIENT_BLOCKS, PREFILL: the additional-field prefill rules of FieldsCache (see app/contract/prefill.py).
 */

namespace WHMCS\Module\Registrar\Ispapi;

final class Contract
{
    const FUNCTIONS = [
        'getConfigArray' => ['caller' => 'registrar', 'answer' => 'local', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'config_validate' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['none', 'array'], 'timeout' => 'read', 'mode' => 'config', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'MetaData' => ['caller' => 'registrar', 'answer' => 'local', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'CheckAvailability' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['search_results'], 'timeout' => 'lookup', 'mode' => 'throw', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetDomainSuggestions' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['search_results'], 'timeout' => 'lookup', 'mode' => 'throw', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'DomainSuggestionOptions' => ['caller' => 'registrar', 'answer' => 'local', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetPremiumPrice' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['premium_price'], 'timeout' => 'lookup', 'mode' => 'throw', 'money' => false, 'key' => null, 'completes' => ['currencies'], 'request' => false],
        'RegisterDomain' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'money', 'mode' => 'error', 'money' => true, 'key' => ['fields' => [['domainid'], ['domain', 'domainname'], ['regperiod']], 'extra' => 'none'], 'completes' => [], 'request' => false],
        'TransferDomain' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'money', 'mode' => 'error', 'money' => true, 'key' => ['fields' => [['domainid'], ['domain', 'domainname'], ['regperiod']], 'extra' => 'auth_code'], 'completes' => [], 'request' => false],
        'RenewDomain' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'money', 'mode' => 'error', 'money' => true, 'key' => ['fields' => [['domainid'], ['domain', 'domainname'], ['regperiod']], 'extra' => 'expiry'], 'completes' => [], 'request' => false],
        'GetDomainInformation' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['domain_information'], 'timeout' => 'read', 'mode' => 'throw', 'money' => false, 'key' => null, 'completes' => ['whmcs_status'], 'request' => false],
        'GetNameservers' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'SaveNameservers' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetRegistrarLock' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['string'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'SaveRegistrarLock' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetContactDetails' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'SaveContactDetails' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetEPPCode' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'RegisterNameserver' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'ModifyNameserver' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'DeleteNameserver' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'IDProtectToggle' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetDNS' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'SaveDNS' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'GetEmailForwarding' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'SaveEmailForwarding' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'RequestDelete' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'ReleaseDomain' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'ResendIRTPVerificationEmail' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'Sync' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'cron', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['whmcs_status'], 'request' => false],
        'TransferSync' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'cron', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['whmcs_status'], 'request' => false],
        'GetTLDPricing' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['tld_pricing'], 'timeout' => 'pricing', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['default_currency'], 'request' => false],
        'ClientArea' => ['caller' => 'registrar', 'answer' => 'local', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'ClientAreaCustomButtonArray' => ['caller' => 'registrar', 'answer' => 'local', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'AdditionalDomainFields' => ['caller' => 'registrar', 'answer' => 'cache', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'AdminCustomButtonArray' => ['caller' => 'registrar', 'answer' => 'local', 'kinds' => [], 'timeout' => null, 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'SuspendDomain' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'UnsuspendDomain' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'CancelDomainTransfer' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'ResendTransferConfirmation' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'AdminDomainsTabFields' => ['caller' => 'registrar', 'answer' => 'admin_tab', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['settings'], 'request' => false],
        'AdminDomainsTabFieldsSave' => ['caller' => 'registrar', 'answer' => 'admin_tab', 'kinds' => ['array', 'none'], 'timeout' => 'write', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['settings'], 'request' => true],
        'registrantmodification_it' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'registrantmodification_tld' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'registrantmodification_ca' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'dnssec' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'pnslist' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'read', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'whoisprivacy' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'whoisprivacy_ca' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'whoisprivacy_se' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'whoisprivacy_nz' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'webapps' => ['caller' => 'registrar', 'answer' => 'bridge', 'kinds' => ['template'], 'timeout' => 'write', 'mode' => 'page', 'money' => false, 'key' => null, 'completes' => [], 'request' => true],
        'TransferCheckoutPreCheck' => ['caller' => 'hook', 'answer' => 'bridge', 'kinds' => ['array', 'none'], 'timeout' => 'lookup', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['settings'], 'request' => false],
        'PollApplications' => ['caller' => 'hook', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'cron', 'mode' => 'error', 'money' => false, 'key' => null, 'completes' => ['settings'], 'request' => false],
        'AdditionalFieldsCatalogue' => ['caller' => 'shim', 'answer' => 'bridge', 'kinds' => ['fields'], 'timeout' => 'lookup', 'mode' => 'quiet', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'BridgeAdminOverview' => ['caller' => 'addon', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'admin', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'BridgeAdminRefresh' => ['caller' => 'addon', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'pricing', 'mode' => 'admin', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'BridgeAdminJournal' => ['caller' => 'addon', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'admin', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'BridgeAdminLedger' => ['caller' => 'addon', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'read', 'mode' => 'admin', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'BridgeAdminDomains' => ['caller' => 'addon', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'pricing', 'mode' => 'admin', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
        'BridgeAdminDomainDetails' => ['caller' => 'addon', 'answer' => 'bridge', 'kinds' => ['array'], 'timeout' => 'pricing', 'mode' => 'admin', 'money' => false, 'key' => null, 'completes' => [], 'request' => false],
    ];

    const CLIENT_BUTTONS = [
        ['WHOIS Privacy', 'whoisprivacy', 'idprotection'],
        ['.CA Registrant WHOIS Privacy', 'whoisprivacy_ca', 'tld:ca'],
        ['.CA Change of Registrant', 'registrantmodification_ca', 'tld:ca'],
        ['.SE Registrant WHOIS Privacy', 'whoisprivacy_se', 'tld:se'],
        ['.NZ Registrant WHOIS Privacy', 'whoisprivacy_nz', 'tld:nz'],
        ['.IT Change of Registrant', 'registrantmodification_it', 'tld:it'],
        ['.CH Change of Registrant', 'registrantmodification_tld', 'tld:ch'],
        ['.LI Change of Registrant', 'registrantmodification_tld', 'tld:li'],
        ['.SE Change of Registrant', 'registrantmodification_tld', 'tld:se'],
        ['.SG Change of Registrant', 'registrantmodification_tld', 'tld:sg'],
        ['.NU Change of Registrant', 'registrantmodification_tld', 'tld:nu'],
        ['DNSSEC Management', 'dnssec', 'setting:DNSSEC'],
        ['Web Apps', 'webapps', 'webapps'],
        ['Private Nameservers List', 'pnslist', 'always'],
    ];

    const ADMIN_TRANSFER_STATUS = 'Pending Transfer';

    const ADMIN_BUTTONS = [
        'transfer' => [['button_cancel_transfer', 'CancelDomainTransfer'], ['button_resend_transfer', 'ResendTransferConfirmation']],
        'domain' => [['button_suspend', 'SuspendDomain'], ['button_unsuspend', 'UnsuspendDomain']],
    ];

    const CLIENT_BLOCKS = ['clientsdetails', 'clientdetails', 'client'];

    const PREFILL = [
        'vat_id' => ['client_keys' => ['tax_id', 'tax_id_number'], 'custom_field' => null, 'upper' => false, 'map' => []],
        'dk_id' => ['client_keys' => ['dkhostmasteruserid'], 'custom_field' => 'dkhostmasteruserid', 'upper' => true, 'map' => []],
        'language' => ['client_keys' => ['language'], 'custom_field' => null, 'upper' => false, 'map' => ['english' => 'EN', 'french' => 'FR']],
    ];
}
