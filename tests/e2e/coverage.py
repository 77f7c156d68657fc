"""Which end-to-end test covers each `ispapi_<Function>` the shim defines, per backend.

COVERAGE: one entry per function, `"tests/e2e/<file>.py::<test name>"` (a test function at module level, or
`<Class>::<test>`); that test covers the function on ISPAPI. tests/e2e/test_function_coverage.py fails when
ispapi.php defines a function that has no entry here, when an entry names a test that does not exist, or
when the test file never names the function.

On CNR a function counts as covered when its test (CNR_COVERAGE's entry, else COVERAGE's) runs with the
`backend` fixture (tests/e2e/conftest.py), found by reading the test file: `usefixtures("backend")` on the
test, its class or the module's `pytestmark`, a `backend` argument, or a fixture of the file that takes
one. Every other function is in exactly one of:

- NO_REGISTRY: answered in php without the bridge (docs/whmcs.md §4.1), so the Backend setting never
  reaches it;
- CNR_UNSUPPORTED: CNR offers nothing the function could use; the reason is what the README says;
- CNR_PENDING: its test is not parametrised over the backend yet. The list only shrinks: the coverage
  test fails when an entry here is covered after all, so whoever parametrises a test removes its entry.
"""

from __future__ import annotations

COVERAGE: dict[str, str] = {
    # answered in php, no bridge (docs/whmcs.md §4.1)
    "getConfigArray": "tests/e2e/test_module.py::test_get_config_array_is_local_and_logs_nothing",
    "MetaData": "tests/e2e/test_module.py::test_meta_data_is_local",
    "DomainSuggestionOptions": "tests/e2e/test_module.py::test_domain_suggestion_options_are_local",
    "ClientArea": "tests/e2e/test_module.py::test_client_area_adds_nothing_and_calls_nothing",
    "ClientAreaCustomButtonArray": "tests/e2e/test_module.py::test_client_area_buttons_are_local",
    "AdminCustomButtonArray": "tests/e2e/test_admin.py::test_admin_buttons_follow_the_whmcs_domain_status",
    "AdditionalDomainFields": (
        "tests/e2e/test_additional_fields.py::test_field_list_comes_from_the_bridge_catalogue_into_the_local_cache"
    ),
    # settings
    "config_validate": "tests/e2e/test_module.py::test_config_validate_refuses_a_wrong_password",
    # lookups and prices
    "CheckAvailability": (
        "tests/e2e/test_availability.py::test_available_registered_and_unsupported_in_one_search"
    ),
    "GetDomainSuggestions": (
        "tests/e2e/test_suggestions.py::test_suggestions_are_available_names_up_to_the_amount"
    ),
    "GetPremiumPrice": "tests/e2e/test_premium.py::test_premium_name_is_priced_from_the_registry_catalogue",
    "GetTLDPricing": "tests/e2e/test_pricing.py::test_com",
    # money operations
    "RegisterDomain": (
        "tests/e2e/test_domains.py::test_register_creates_the_domain_with_nameservers_lock_and_one_charge"
    ),
    "TransferDomain": "tests/e2e/test_domains.py::test_transfer_with_the_right_auth_code_starts_a_transfer",
    "RenewDomain": "tests/e2e/test_domains.py::test_renew_extends_the_expiry_by_the_period",
    # domain reads and writes
    "GetDomainInformation": "tests/e2e/test_reads.py::test_domain_information_is_a_registrar_domain_object",
    "GetNameservers": "tests/e2e/test_reads.py::test_get_nameservers_lists_the_registry_hosts",
    "SaveNameservers": "tests/e2e/test_reads.py::test_save_nameservers_changes_them_at_the_registry",
    "GetRegistrarLock": "tests/e2e/test_reads.py::test_registrar_lock_round_trip",
    "SaveRegistrarLock": "tests/e2e/test_reads.py::test_registrar_lock_round_trip",
    "GetEPPCode": "tests/e2e/test_reads.py::test_get_epp_code_returns_the_registry_code",
    "GetContactDetails": "tests/e2e/test_contacts.py::test_get_contact_details",
    "SaveContactDetails": "tests/e2e/test_contacts.py::test_save_contact_details_updates_the_registry",
    "ResendIRTPVerificationEmail": "tests/e2e/test_contacts.py::test_resend_irtp_verification_email",
    # lifecycle
    "RequestDelete": "tests/e2e/test_lifecycle.py::test_request_delete_puts_the_domain_into_pending_delete",
    "ReleaseDomain": "tests/e2e/test_lifecycle.py::test_release_pushes_the_domain_out_of_the_account",
    "SuspendDomain": "tests/e2e/test_lifecycle.py::test_suspend_and_unsuspend_toggle_client_hold",
    "UnsuspendDomain": "tests/e2e/test_lifecycle.py::test_suspend_and_unsuspend_toggle_client_hold",
    # transfers (admin)
    "CancelDomainTransfer": "tests/e2e/test_admin.py::test_cancel_transfer_removes_the_pending_transfer",
    "ResendTransferConfirmation": "tests/e2e/test_admin.py::test_resend_transfer_confirmation",
    "AdminDomainsTabFields": "tests/e2e/test_admin.py::test_tab_shows_the_pending_transfer_status_and_log",
    "AdminDomainsTabFieldsSave": (
        "tests/e2e/test_admin.py::test_tab_shows_whois_and_errp_inputs_and_saves_a_change"
    ),
    # DNS, email forwarding, DNSSEC
    "GetDNS": "tests/e2e/test_dns.py::test_save_and_get_dns_round_trip",
    "SaveDNS": "tests/e2e/test_dns.py::test_save_and_get_dns_round_trip",
    "GetEmailForwarding": "tests/e2e/test_dns.py::test_email_forwarding_round_trip",
    "SaveEmailForwarding": "tests/e2e/test_dns.py::test_email_forwarding_round_trip",
    "dnssec": "tests/e2e/test_dns.py::test_dnssec_page_adds_and_removes_every_record",
    # private nameservers, ID protection, WHOIS privacy, Web Apps
    "RegisterNameserver": "tests/e2e/test_hosts_privacy.py::test_private_nameserver_life_cycle",
    "ModifyNameserver": "tests/e2e/test_hosts_privacy.py::test_private_nameserver_life_cycle",
    "DeleteNameserver": "tests/e2e/test_hosts_privacy.py::test_private_nameserver_life_cycle",
    "pnslist": "tests/e2e/test_hosts_privacy.py::test_private_nameserver_life_cycle",
    "IDProtectToggle": "tests/e2e/test_hosts_privacy.py::test_id_protect_toggle",
    "whoisprivacy": "tests/e2e/test_hosts_privacy.py::test_whoisprivacy_page",
    "whoisprivacy_ca": "tests/e2e/test_hosts_privacy.py::test_ca_registry_privacy_for_an_individual",
    "whoisprivacy_se": "tests/e2e/test_hosts_privacy.py::test_se_and_nz_registry_privacy",
    "whoisprivacy_nz": "tests/e2e/test_hosts_privacy.py::test_se_and_nz_registry_privacy",
    "webapps": "tests/e2e/test_hosts_privacy.py::test_webapps_connect_and_disconnect_gsuite",
    # crons
    "Sync": "tests/e2e/test_sync.py::test_sync_of_an_active_domain",
    "TransferSync": "tests/e2e/test_sync.py::test_transfer_sync_while_the_transfer_is_pending",
    # client-area pages
    "registrantmodification_it": (
        "tests/e2e/test_contacts.py::test_registrant_pages_show_the_current_registrant"
    ),
    "registrantmodification_tld": "tests/e2e/test_contacts.py::test_registrant_page_trade_and_its_failure",
    "registrantmodification_ca": (
        "tests/e2e/test_contacts.py::test_registrant_pages_show_the_current_registrant"
    ),
}


# Answered in php without the bridge: the same on both backends (tests/e2e/test_module.py, test_admin.py).
NO_REGISTRY: frozenset[str] = frozenset(
    {
        "getConfigArray",
        "MetaData",
        "DomainSuggestionOptions",
        "ClientArea",
        "ClientAreaCustomButtonArray",
        "AdminCustomButtonArray",
    }
)

# Functions whose CNR test is another test than COVERAGE's (a CNR-only scenario, say).
CNR_COVERAGE: dict[str, str] = {}

# Function -> why CNR cannot support it (the README's table "what CNR does not offer" repeats these).
CNR_UNSUPPORTED: dict[str, str] = {}

# Not yet parametrised over the backend (the families are moving behind the registry port); shrinks as
# their tests gain `@pytest.mark.usefixtures("backend")`.
CNR_PENDING: frozenset[str] = frozenset()
