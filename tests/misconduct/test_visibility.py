"""Who may see a misconduct matter: every demo persona and the extra investigators, against three
matters whose accused sit in different places of the chain of command — through the selector, the
page and the API — and every read audited by id only."""

from __future__ import annotations

import json

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from sodsong.accounts.services import token_issue
from sodsong.audit.models import AuditEvent
from sodsong.misconduct.selectors import (
    OBJECT_TYPE,
    agency_chain_ids,
    matter_get,
    matter_list,
)

MATTERS = ("police_matter", "district_matter", "provincial_matter")

# user → (sees police_matter, sees district_matter, sees provincial_matter)
EXPECTED = {
    "ministry": (False, False, False),  # aggregates only
    # Provincial staff: not the district matter (the district office is under the Provincial
    # Administration Office: chain of command) nor the provincial one (own agency).
    "province": (True, False, False),
    "district": (False, False, False),  # the accused of district_matter, and no register role
    "district2": (False, False, False),
    "kamnan": (False, False, False),
    "headman": (False, False, False),
    "headman3": (False, False, False),
    "headman2": (False, False, False),
    "localgov": (False, False, False),
    "police": (False, False, False),  # the accused of police_matter
    "police2": (False, False, False),
    "immigration": (False, False, False),
    "analyst": (False, False, False),  # personal data of the province, but not this register
    # Designated for police_matter only; works in the Provincial Administration Office.
    "investigator": (True, False, False),
    "nacc_investigator": (False, True, True),  # designated, outside every chain
    "nacc_idle": (False, False, False),  # an investigator not designated
    # A provincial officer: sees the police matter, never his own, nor the district's (below him).
    "provincial_officer": (True, False, False),
}


def _user(name, personas, world):  # type: ignore[no-untyped-def]
    extra = {
        "nacc_investigator": world.nacc_investigator,
        "nacc_idle": world.idle_investigator,
        "provincial_officer": world.provincial_officer,
    }
    return extra.get(name) or getattr(personas, name)


def _read_events(user, matter) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return [
        e
        for e in AuditEvent.objects.filter(
            action=AuditEvent.Action.READ, object_type=OBJECT_TYPE, actor_id=user.pk
        )
        if str(matter.uuid) in e.object_ids
    ]


def _assert_audited_without_values(user, matter) -> None:  # type: ignore[no-untyped-def]
    events = _read_events(user, matter)
    assert events, f"{user.username}'s read of {matter.uuid} was not audited"
    for event in events:
        text = json.dumps(model_to_dict(event), default=str, ensure_ascii=False)
        assert matter.particulars not in text
        assert matter.official.person.family_name_th not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matter_selector_follows_the_visibility_rule(name, personas, world):
    user = _user(name, personas, world)
    listed = set(matter_list(user=user, limit=500))
    for matter_name, visible in zip(MATTERS, EXPECTED[name], strict=True):
        matter = getattr(world, matter_name)
        assert (matter_get(user=user, uuid=str(matter.uuid)) is not None) == visible, (
            name,
            matter_name,
        )
        assert (matter in listed) == visible, (name, matter_name, "list")
        if visible:
            _assert_audited_without_values(user, matter)
        else:
            assert not _read_events(user, matter)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matter_page_follows_the_visibility_rule(name, personas, world, login):
    user = _user(name, personas, world)
    client = login(user)
    may_use = any(EXPECTED[name]) or name in ("province", "nacc_idle", "provincial_officer")
    index = client.get("/misconduct/")
    assert index.status_code == (200 if may_use else 403), name
    for matter_name, visible in zip(MATTERS, EXPECTED[name], strict=True):
        matter = getattr(world, matter_name)
        response = client.get(f"/misconduct/{matter.uuid}/")
        body = response.content.decode()
        if visible:
            assert response.status_code == 200, (name, matter_name)
            assert matter.particulars in body
            assert matter.official.person.family_name_th in index.content.decode()
        else:
            assert response.status_code in (403, 404), (name, matter_name)
            assert matter.particulars not in body
            assert matter.official.person.family_name_th not in index.content.decode()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matter_api_follows_the_visibility_rule(name, personas, world):
    user = _user(name, personas, world)
    _, plain = token_issue(user=user, name="matrix")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    listing = client.get("/api/v1/misconduct/matters")
    listed = (
        {item["uuid"] for item in listing.json()["items"]} if listing.status_code == 200 else set()
    )
    for matter_name, visible in zip(MATTERS, EXPECTED[name], strict=True):
        matter = getattr(world, matter_name)
        response = client.get(f"/api/v1/misconduct/matters/{matter.uuid}")
        if visible:
            assert response.status_code == 200, (name, matter_name, response.content[:200])
            assert response.json()["particulars"] == matter.particulars
            assert str(matter.uuid) in listed
            assert _read_events(user, matter)[-1].via == "api"
        else:
            assert response.status_code in (403, 404), (name, matter_name)
            assert response.json()["error"]["code"] in ("forbidden", "not_found")
            assert str(matter.uuid) not in listed


def test_provincial_officer_accused_is_hidden_from_him_and_his_whole_office(personas, world):
    matter = world.provincial_matter
    office = personas.province.agency
    for user in (world.provincial_officer, personas.province, personas.analyst):
        assert user.agency_id == office.pk
        assert matter_get(user=user, uuid=str(matter.uuid)) is None
    # ... and from the district offices below that office.
    assert matter_get(user=personas.district2, uuid=str(matter.uuid)) is None
    # Only the designated investigator from outside the chain sees it.
    assert matter_get(user=world.nacc_investigator, uuid=str(matter.uuid)) == matter


def test_chain_of_command_runs_upward_and_downward(personas):
    province_office = personas.province.agency
    district_office = personas.district.agency
    assert district_office.parent_id == province_office.pk
    chain_of_district = agency_chain_ids(district_office.pk)
    assert province_office.pk in chain_of_district  # upward
    assert province_office.parent_id in chain_of_district  # the department above
    assert personas.district2.agency_id not in chain_of_district  # a sibling is outside
    chain_of_province = agency_chain_ids(province_office.pk)
    assert {district_office.pk, personas.district2.agency_id} <= chain_of_province  # downward
    assert personas.police.agency_id not in chain_of_province


def test_revoked_designation_hides_the_matter_again(personas, world):
    from sodsong.misconduct.services import designation_revoke

    matter = world.police_matter
    designation = matter.designations.get(investigator=personas.investigator)
    designation_revoke(actor=personas.province, designation=designation)
    assert matter_get(user=personas.investigator, uuid=str(matter.uuid)) is None


def test_an_empty_read_is_not_audited(personas, world):
    before = AuditEvent.objects.filter(object_type=OBJECT_TYPE).count()
    assert matter_list(user=personas.headman) == []
    assert AuditEvent.objects.filter(object_type=OBJECT_TYPE).count() == before


def test_refused_register_page_is_audited_as_denied(personas, login):
    client = login(personas.headman)
    assert client.get("/misconduct/").status_code == 403
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DENIED, actor_id=personas.headman.pk, object_type=OBJECT_TYPE
    ).exists()
