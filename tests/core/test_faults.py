"""Disk full and a busy database (issue 18): read-only pages keep working (the session is not
written on every request), a Thai 503 explains the rest, /healthz says "disk full", a tip sent
while the database stays busy is refused with a Thai message (never a 500), and an import that
fills the disk fails with a Thai reason and its upload removed. The fault is simulated where it
happens: the write that raises ENOSPC or SQLite's error."""

from __future__ import annotations

import errno
import shutil
from collections import namedtuple

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from sodsong.core.faults import RENEWED_KEY

FULL = OperationalError("database or disk is full")


def _no_writes(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise FULL


def test_read_only_pages_work_while_the_session_cannot_be_saved(personas, login, monkeypatch):
    client = login(personas.headman)
    session = client.session
    session[RENEWED_KEY] = 0  # due for renewal
    session.save()
    monkeypatch.setattr(SessionStore, "save", _no_writes)
    assert client.get("/accounts/me/").status_code == 200
    assert client.get("/survey/residents/").status_code == 200


def test_the_session_is_renewed_at_most_once_a_minute(personas, login, monkeypatch):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = login(personas.headman)
    session = client.session
    session[RENEWED_KEY] = 0
    session.save()
    key = session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(seconds=60)
    )
    assert client.get("/accounts/me/").status_code == 200  # renews
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + dt.timedelta(minutes=20)
    saves = []
    monkeypatch.setattr(SessionStore, "save", lambda self, *a, **k: saves.append(1))
    assert client.get("/accounts/me/").status_code == 200
    assert saves == []  # the next read within the minute writes nothing


def test_a_write_on_a_full_disk_answers_a_thai_503(personas, login, monkeypatch):
    client = login(personas.province)
    client.raise_request_exception = False

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("sodsong.web.views.scope_for", full)
    response = client.get("/")
    assert response.status_code == 503
    assert "ดิสก์" in response.content.decode()  # Thai: the disk
    assert response["Retry-After"]


def test_the_api_answers_json_503_on_a_busy_database(personas, monkeypatch):
    from sodsong.core.faults import server_error

    request = (
        __import__("django.test", fromlist=["RequestFactory"]).RequestFactory().get("/api/v1/x")
    )
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert b'"busy"' in response.content


@pytest.mark.django_db
def test_a_tip_while_the_database_stays_busy_is_refused_in_thai_not_lost_silently(monkeypatch):
    def busy(**kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("database is locked")

    monkeypatch.setattr("sodsong.tips.services.public_tip_submit", busy)
    client = Client(raise_request_exception=False)
    response = client.post(
        "/tip/",
        {
            "description": "มีคนโทรมาอ้างเป็นเจ้าหน้าที่ธนาคาร ให้โอนเงินไปบัญชีปลอดภัย",
            "province": "47",
            "place_text": "ตลาดสด",
            "website": "",
        },
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert "ส่งอีกครั้ง" in page  # Thai: send again
    assert "ตลาดสด" in page  # the form comes back filled in


@pytest.mark.django_db
def test_healthz_says_disk_full(client, monkeypatch):
    usage = namedtuple("usage", "total used free")
    assert client.get("/healthz").json()["status"] == "ok"
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9, 1024))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "disk full"
