"""Issue 19, words: a suspect once charged is a ผู้ต้องหา (Criminal Procedure Code s.2(2)), and
once sued in court a จำเลย (s.2(3)); before any charge, a ผู้ต้องสงสัย."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from sodsong.cases import services
from sodsong.cases.models import CaseParty

from .conftest import api

TODAY = timezone.localdate()


def _label(party: CaseParty) -> str:
    party = CaseParty.objects.get(pk=party.pk)
    with translation.override("th"):
        return party.role_label


def test_a_suspect_is_named_charged_once_charged_and_defendant_once_in_court(personas, built):
    police = personas.police
    assert _label(built.suspect) == "ผู้ต้องสงสัย"
    services.charge_add(
        by=police,
        party=built.suspect,
        law_code="penal-code",
        section_key="s.341",
        offence_from=TODAY - dt.timedelta(days=40),
    )
    assert _label(built.suspect) == "ผู้ต้องหา"
    services.prosecution_update(
        by=police,
        party=built.suspect,
        inquiry_file_sent_on=TODAY - dt.timedelta(days=20),
        prosecutor_office="สำนักงานอัยการจังหวัด",
        decision="prosecute",
        decision_on=TODAY - dt.timedelta(days=10),
        court="ศาลจังหวัด",
        filed_on=TODAY - dt.timedelta(days=5),
    )
    party = CaseParty.objects.get(pk=built.suspect.pk)
    from sodsong.cases.models import Prosecution

    party.prosecution_record = Prosecution.objects.get(party=party)
    with translation.override("th"):
        assert party.role_label == "จำเลย"


def test_the_case_page_and_the_api_say_charged_person(personas, built, login):
    police = personas.police
    services.charge_add(
        by=police,
        party=built.suspect,
        law_code="penal-code",
        section_key="s.341",
        offence_from=TODAY - dt.timedelta(days=40),
    )
    client = login(police)
    page = client.get(f"/cases/{built.case.uuid}/", HTTP_ACCEPT_LANGUAGE="th")
    body = page.content.decode()
    assert "ผู้ต้องหา" in body
    case = api(client, "get", f"/api/v1/cases/{built.case.uuid}").json()
    suspect = next(p for p in case["parties"] if p["uuid"] == str(built.suspect.uuid))
    assert suspect["role"] == "suspect" and suspect["role_label"] in ("ผู้ต้องหา", "charged person")
