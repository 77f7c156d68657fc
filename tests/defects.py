"""Every defect of docs/module-behaviour.md §13 (the original module 5.1.12) and the tests that would have
caught it.

tests/test_defects.py fails when a docs/module-behaviour.md §13 item has no test here or an entry names a test
that does not exist. Entries are `"tests/<path>.py::<test function>"` (parametrised tests by their function
name).
"""

from __future__ import annotations

DEFECTS: dict[str, tuple[str, ...]] = {
    "13.1 premium: unreachable transfer check, silent AddDomain on mismatch, strict renew compare": (
        "tests/registrar/test_domains.py::test_premium_price_mismatch_is_refused_not_registered_normally",
        "tests/registrar/test_domains.py::test_transfer_premium_price_check_is_reachable",
        "tests/registrar/test_domains.py::test_premium_renew_compares_decimals",
        "tests/e2e/test_premium.py::test_premium_registration_at_another_price_registers_nothing",
    ),
    "13.2 premium prices: undefined variables in conversions, row 0 instead of the requested row": (
        "tests/registrar/test_premium_price.py::test_renew_price_in_another_currency_is_converted",
        "tests/registrar/test_premium_price.py::test_variable_fee_class_is_priced_with_markups",
        "tests/registrar/test_premium_price.py::test_the_requested_row_is_read_not_row_zero",
        "tests/e2e/test_premium.py::test_premium_name_is_priced_from_the_registry_catalogue",
    ),
    "13.3 post-transfer contact update sends an empty command; NS comparison always 'different'": (
        "tests/registrar/test_sync_and_information.py::test_transfer_sync_completed_with_ns_and_contact_update",
        "tests/registrar/test_sync_and_information.py::test_transfer_sync_same_nameservers_are_not_rewritten",
        "tests/registrar/test_sync_and_information.py::test_transfer_sync_contact_update_normalises_or_skips_bad_contacts",
    ),
    "13.4 ResendIRTPVerificationEmail uses the transfer-confirmation command": (
        "tests/registrar/test_contacts.py::test_resend_uses_the_registrant_verification_command",
    ),
    "13.5 SaveNameservers 504 message, GetDNS MX owners, DNSSEC key removal, .ca privacy server-side": (
        "tests/registrar/test_small_operations.py::test_save_nameservers_504_contacts_message",
        "tests/registrar/test_dns.py::test_get_dns_maps_every_record_type_and_normalises_owners",
        "tests/registrar/test_dnssec.py::test_emptied_lists_delete_every_ds_and_every_dnskey",
        "tests/registrar/test_privacy.py::test_ca_organisation_is_refused_server_side",
        "tests/e2e/test_dns.py::test_dnssec_page_adds_and_removes_every_record",
        "tests/e2e/test_hosts_privacy.py::test_ca_registry_privacy_is_refused_for_a_corporation",
    ),
    "13.6 GetDomainInformation: no ID-protection status, wrong due-date source, unreachable branches": (
        "tests/registrar/test_sync_and_information.py::test_information_active_domain",
        "tests/registrar/test_sync_and_information.py::test_information_restorable_deleted_domain",
    ),
    "13.7 additional fields: .com.au names, .net.au/.org.au null, .paris/.vote/.voto, .fi, .es admin": (
        "tests/additional_fields/test_fields.py::test_golden",
        "tests/additional_fields/test_golden_tables.py::test_golden_order_gives_exactly_its_params",
    ),
    "13.8 getConfigArray writes an activity-log line on every call": (
        "tests/e2e/test_module.py::test_get_config_array_is_local_and_logs_nothing",
    ),
    "13.9 RenewDomain logs '<domain>: ' on failure; ID-protection message always 'deactivated'": (
        "tests/registrar/test_domains.py::test_renew_failure_logs_the_error_text",
        "tests/registrar/test_privacy.py::test_id_protect_toggle",
    ),
    "13.10 StatusContact result never checked": (
        "tests/registrar/test_contacts.py::test_failed_status_contact_is_an_error_not_an_empty_form",
    ),
    "13.11 TLD sync: EppRequired strict compare, renew/transfer priced for the registration period": (
        "tests/pricing/test_pricing.py::test_registration_renewal_transfer",
        "tests/pricing/test_pricing.py::test_cold_and_warm_get_tld_pricing",
    ),
}
