"""The demo builds the province once; running it again changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sodsong.accounts.models import Agency, RoleAssignment, User
from sodsong.audit.models import AuditEvent
from sodsong.core.models import RecordVersion
from sodsong.demo.builder import demo_build
from sodsong.geo.models import Area
from sodsong.people.models import IdentityDocument, Person

PERSONAS = {
    "ministry",
    "province",
    "district",
    "kamnan",
    "headman",
    "localgov",
    "police",
    "immigration",
    "analyst",
    "investigator",
    "headman3",
    "district2",
    "headman2",
    "police2",
}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Area, Agency, User, RoleAssignment, Person, IdentityDocument, RecordVersion)
    }


def test_every_persona_exists_and_is_marked_demo(db):
    users = set(User.objects.filter(is_demo=True).values_list("username", flat=True))
    assert users >= PERSONAS


def test_running_the_demo_twice_changes_nothing(db):
    before = counts()
    demo_build(province_code="47", seed=2567, password="irrelevant-on-rerun")
    assert counts() == before


def test_the_demo_uses_real_districts_and_eight_digit_villages(db):
    district = Area.objects.get(code="4701")
    assert district.name_th == "เมืองสกลนคร"
    village = Area.objects.filter(level="village", code__startswith="4701").first()
    assert len(village.code) == 8 and village.code[:6] == village.parent.code
    assert village.moo == int(village.code[6:])


def test_the_kamnan_is_also_a_headman(personas):
    roles = set(personas.kamnan.role_assignments.values_list("role", flat=True))
    assert roles == {"kamnan", "headman"}


def test_headman3_is_in_another_village_of_the_same_subdistrict(personas):
    a = personas.headman.role_assignments.get().areas.get()
    b = personas.headman3.role_assignments.get().areas.get()
    assert a.code != b.code and a.parent_id == b.parent_id


def test_bangkok_demo_has_khet_and_no_headmen(db):
    result = demo_build(province_code="10", seed=1, password="bangkok-demo-password")
    names = {p.username for p in result.personas}
    assert {"headman", "kamnan", "headman2", "headman3"}.isdisjoint(names)
    assert not Area.objects.filter(level="village", code__startswith="10").exists()
    assert result.province.name_th == "กรุงเทพมหานคร"


def test_the_demo_refuses_to_run_outside_demo_mode(settings, db):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo")


def test_demo_passwords_do_not_work_outside_demo_mode(settings, personas, client, password):
    settings.DEMO_MODE = False
    response = client.post("/accounts/login/", {"username": "headman", "password": password})
    assert response.status_code == 200  # the form again, with an error


def test_remove_clears_demo_accounts_so_production_can_start(settings, db):
    from sodsong.accounts.startup import refuse_demo_accounts_outside_demo_mode

    call_command("demo", "--remove")
    settings.DEMO_MODE = False
    refuse_demo_accounts_outside_demo_mode()  # does not raise
    assert not Person.objects.filter(source="demo (synthetic)").exists()
    assert AuditEvent.objects.exists()
