"""Smaller things users saw (issue 20): the sign-in page links the public tip form; a required
field says so in plain Thai."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_front_door_links_the_public_tip_form():
    response = Client().get("/", follow=True)
    html = response.content.decode()
    assert 'href="/tip/"' in html
    assert Client().get("/tip/").status_code == 200


def test_a_required_field_says_so_in_plain_thai(personas, login):
    from sodsong.survey.forms import ResidentForm

    form = ResidentForm(data={}, villages=[])
    from django.utils import translation

    with translation.override("th"):
        assert not form.is_valid()
        message = str(form.errors["doc_number"][0])
    assert message == "กรุณากรอกช่องนี้"


def test_birth_dates_show_in_thai_form():
    from sodsong.people.models import Person

    assert Person(birth_year=1991, birth_month=4, birth_day=15).birth_date_th == "15 เม.ย. 2534"
    assert Person(birth_year=1991, birth_month=4).birth_date_th == "เม.ย. 2534"
    assert Person(birth_year=1991).birth_date_th == "2534"
    assert Person().birth_date_th == ""


@pytest.mark.parametrize("path", ["/indicators/"])
def test_approval_reads_hen_chob_as_the_guides_say(personas, login, path):
    html = login(personas.province).get(path).content.decode()
    assert "เห็นชอบ" in html
    assert "อนุมัติ" not in html
