"""Home lists what is due, most urgent first, for every role (issue 20): the headman's home said
"no pending work" while a ด่วนที่สุด directive was unacknowledged and overdue and the survey round
was not submitted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.web.due import DueItem, due_items

pytestmark = pytest.mark.django_db


def test_the_order_is_overdue_then_urgency_then_date():
    today = dt.date(2026, 12, 5)
    items = [
        DueItem("later", "", "/", today + dt.timedelta(days=9)),
        DueItem("urgent soon", "", "/", today + dt.timedelta(days=20), urgency="ด่วนที่สุด"),
        DueItem("overdue plain", "", "/", today - dt.timedelta(days=1)),
        DueItem("overdue urgent", "", "/", today - dt.timedelta(days=1), urgency="ด่วนมาก"),
        DueItem("no date", "", "/"),
    ]
    ordered = [i.title for i in sorted(items, key=lambda i: i.sort_key(today))]
    assert ordered == ["overdue urgent", "overdue plain", "urgent soon", "later", "no date"]


def test_the_headmans_home_lists_the_open_directive_and_the_survey_round(personas, login):
    from sodsong.directives.selectors import todo_list

    items = due_items(personas.headman)
    kinds = {i.kind for i in items}
    open_directives = [g for g in todo_list(user=personas.headman) if g["open"] or not g["ack"]]
    assert open_directives, "the demo gives the headman an open directive"
    assert "ข้อสั่งการ" in kinds
    html = login(personas.headman).get("/").content.decode()
    assert "ไม่มีงานที่ต้องทำ" not in html
    assert 'id="due"' in html
    first = items[0]
    assert first.url in html
    today = timezone.localdate()
    assert all(
        items[n].sort_key(today) <= items[n + 1].sort_key(today) for n in range(len(items) - 1)
    )


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_every_roles_home_opens_and_each_due_link_answers(personas, login, name):
    client = login(getattr(personas, name))
    assert client.get("/").status_code == 200
    for item in due_items(getattr(personas, name))[:5]:
        assert client.get(item.url).status_code == 200, item
