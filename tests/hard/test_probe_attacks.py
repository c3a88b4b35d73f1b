"""The attacks of the outside security probe (issue #17), replayed from the outside (web and API)
by benchmarks/hard/attacks.py; `scripts/check-hard matrix` adds the same to the access matrix.

Each side door that is still open is a strict xfail naming its issue-17 item: when the fix
lands, the test passes, pytest fails loudly on the XPASS, and whoever fixed it removes the mark.
"""

from __future__ import annotations

import pytest

from benchmarks.hard import attacks, attacks_residual


def open_until_fixed(item: str):  # type: ignore[no-untyped-def]
    return pytest.mark.xfail(strict=True, reason=f"issue #17 item {item}: open, being fixed")


def _assert_closed(finding: attacks.Finding) -> None:
    assert not finding.leaked, f"#17 {finding.item}: {finding.title}\n{finding.evidence}"


def test_a_case_party_by_passport_does_not_reveal_a_person_outside_scope(outside) -> None:
    _assert_closed(attacks.attack_party_by_passport(outside))


def test_registering_a_resident_with_an_existing_document_does_not_reveal_its_owner(
    outside,
) -> None:
    _assert_closed(attacks.attack_resident_by_document(outside))


def test_an_officer_cannot_create_a_person_outside_his_scope(outside) -> None:
    _assert_closed(attacks.attack_informant_area(outside))


def test_informants_witnesses_and_victims_are_not_in_the_people_registry(outside) -> None:
    _assert_closed(attacks.attack_informant_registry(outside))


def test_the_accused_of_a_matter_is_not_visible_through_the_people_registry(outside) -> None:
    _assert_closed(attacks.attack_matter_accused(outside))


def test_the_watch_report_form_lists_only_the_headmans_people(outside) -> None:
    _assert_closed(attacks.attack_watch_form(outside))


def test_the_import_dry_run_does_not_reveal_people_outside_scope(outside) -> None:
    _assert_closed(attacks.attack_import_dry_run(outside))


def test_an_admin_of_another_province_sees_no_job_of_this_one(outside) -> None:
    attacks.attack_import_dry_run(outside)
    _assert_closed(attacks.attack_jobs_other_province(outside))


def test_a_provincial_admin_cannot_reset_the_nacc_investigator(outside) -> None:
    _assert_closed(attacks.attack_account_takeover(outside))


def test_the_audit_log_does_not_name_reporters_or_show_other_provinces(outside) -> None:
    _assert_closed(attacks.attack_audit_reporter(outside))


# The residuals docs/security.md listed after the first fixes (benchmarks/hard/attacks_residual.py).


def test_an_import_row_with_a_document_held_elsewhere_answers_as_an_unknown_number(
    outside,
) -> None:
    _assert_closed(attacks_residual.attack_import_held_document(outside))


def test_the_registry_never_shows_a_case_role(outside) -> None:
    _assert_closed(attacks_residual.attack_registry_case_role(outside))


def test_misconduct_indicators_follow_the_chain_of_command_rule(outside) -> None:
    _assert_closed(attacks_residual.attack_indicator_chain(outside))
