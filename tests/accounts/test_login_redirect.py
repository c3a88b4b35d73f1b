"""After sign-in, `next` is followed only when it stays on this site."""

from __future__ import annotations

import pytest
from django.test import Client

from .helpers import sign_in


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "https://evil.example/accounts/me/",
        "//evil.example/",
        "http://evil.example",
        "javascript:alert(1)",
        "https:/evil.example",
        "/\\evil.example",
    ],
)
def test_an_outside_next_is_not_followed(target, personas, password):
    response = sign_in(Client(), "headman", password, next_url=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_local_next_is_followed(personas, password):
    response = sign_in(Client(), "headman", password, next_url="/accounts/me/")
    assert response["Location"] == "/accounts/me/"


def test_the_login_page_sends_a_signed_in_user_home(personas, login):
    client = login(personas.headman)
    response = client.get("/accounts/login/?next=https://evil.example")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_session_key_changes_at_sign_in(personas, password):
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "headman", password)
    assert client.session.session_key != before
