<?php
/**
 * WHMCS registrar module "ispapi" - a thin shim in front of the ispapi-bridge service (docs/architecture.md decisions
 * 1-2). Every function forwards to Shim::call, which answers the static ones locally and sends the others
 * as a signed JSON envelope to {BridgeURL}/v1/whmcs/{Function}. Business rules live in the bridge.
 *
 * Drop-in for the original module: same name, same functions, same settings keys; domains keep
 * registrar = ispapi.
 */

if (!defined("WHMCS")) {
    die("This file cannot be accessed directly");
}

// WHMCS autoloads lib/ by namespace; the explicit requires let the module run without that autoloader.
require_once __DIR__ . '/lib/BridgeFailure.php';
require_once __DIR__ . '/lib/Texts.php';
require_once __DIR__ . '/lib/Errors.php';
require_once __DIR__ . '/lib/Signer.php';
require_once __DIR__ . '/lib/Envelope.php';
require_once __DIR__ . '/lib/Transport.php';
require_once __DIR__ . '/lib/Convert.php';
require_once __DIR__ . '/lib/Effects.php';
require_once __DIR__ . '/lib/Contract.php';
require_once __DIR__ . '/lib/Completions.php';
require_once __DIR__ . '/lib/Local.php';
require_once __DIR__ . '/lib/FieldsCache.php';
require_once __DIR__ . '/lib/Shim.php';
require_once __DIR__ . '/lib/WhmcsData.php';
require_once __DIR__ . '/lib/Prepared.php';

function ispapi_getConfigArray(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('getConfigArray', $params); }
function ispapi_config_validate(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('config_validate', $params); }
function ispapi_MetaData(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('MetaData', $params); }
function ispapi_CheckAvailability(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('CheckAvailability', $params); }
function ispapi_GetDomainSuggestions(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetDomainSuggestions', $params); }
function ispapi_DomainSuggestionOptions(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('DomainSuggestionOptions', $params); }
function ispapi_GetPremiumPrice(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetPremiumPrice', $params); }
function ispapi_RegisterDomain(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('RegisterDomain', $params); }
function ispapi_TransferDomain(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('TransferDomain', $params); }
function ispapi_RenewDomain(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('RenewDomain', $params); }
function ispapi_GetDomainInformation(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetDomainInformation', $params); }
function ispapi_GetNameservers(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetNameservers', $params); }
function ispapi_SaveNameservers(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('SaveNameservers', $params); }
function ispapi_GetRegistrarLock(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetRegistrarLock', $params); }
function ispapi_SaveRegistrarLock(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('SaveRegistrarLock', $params); }
function ispapi_GetContactDetails(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetContactDetails', $params); }
function ispapi_SaveContactDetails(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('SaveContactDetails', $params); }
function ispapi_GetEPPCode(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetEPPCode', $params); }
function ispapi_RegisterNameserver(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('RegisterNameserver', $params); }
function ispapi_ModifyNameserver(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('ModifyNameserver', $params); }
function ispapi_DeleteNameserver(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('DeleteNameserver', $params); }
function ispapi_IDProtectToggle(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('IDProtectToggle', $params); }
function ispapi_GetDNS(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetDNS', $params); }
function ispapi_SaveDNS(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('SaveDNS', $params); }
function ispapi_GetEmailForwarding(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetEmailForwarding', $params); }
function ispapi_SaveEmailForwarding(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('SaveEmailForwarding', $params); }
function ispapi_RequestDelete(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('RequestDelete', $params); }
function ispapi_ReleaseDomain(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('ReleaseDomain', $params); }
function ispapi_ResendIRTPVerificationEmail(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('ResendIRTPVerificationEmail', $params); }
function ispapi_Sync(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('Sync', $params); }
function ispapi_TransferSync(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('TransferSync', $params); }
function ispapi_GetTLDPricing(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('GetTLDPricing', $params); }
function ispapi_ClientArea(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('ClientArea', $params); }
function ispapi_ClientAreaCustomButtonArray(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('ClientAreaCustomButtonArray', $params); }
function ispapi_AdditionalDomainFields(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('AdditionalDomainFields', $params); }
function ispapi_AdminCustomButtonArray(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('AdminCustomButtonArray', $params); }
function ispapi_SuspendDomain(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('SuspendDomain', $params); }
function ispapi_UnsuspendDomain(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('UnsuspendDomain', $params); }
function ispapi_CancelDomainTransfer(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('CancelDomainTransfer', $params); }
function ispapi_ResendTransferConfirmation(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('ResendTransferConfirmation', $params); }
function ispapi_AdminDomainsTabFields(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('AdminDomainsTabFields', $params); }
function ispapi_AdminDomainsTabFieldsSave(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('AdminDomainsTabFieldsSave', $params); }
function ispapi_registrantmodification_it(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('registrantmodification_it', $params); }
function ispapi_registrantmodification_tld(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('registrantmodification_tld', $params); }
function ispapi_registrantmodification_ca(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('registrantmodification_ca', $params); }
function ispapi_dnssec(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('dnssec', $params); }
function ispapi_pnslist(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('pnslist', $params); }
function ispapi_whoisprivacy(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('whoisprivacy', $params); }
function ispapi_whoisprivacy_ca(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('whoisprivacy_ca', $params); }
function ispapi_whoisprivacy_se(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('whoisprivacy_se', $params); }
function ispapi_whoisprivacy_nz(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('whoisprivacy_nz', $params); }
function ispapi_webapps(array $params = []) { return \WHMCS\Module\Registrar\Ispapi\Shim::call('webapps', $params); }
