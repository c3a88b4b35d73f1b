"""Issue #17 M9: the API path of the public tip line has the form's spam guard (the honeypot,
beside the shared rate limit), and behind a proxy the rate limit sees the client's address."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from sodsong.tips.models import RateLimitHit, Tip

FORM = {"description": "มีคนโทรมาอ้างเป็นเจ้าหน้าที่ธนาคาร ให้โอนเงินไปบัญชีปลอดภัย", "province": "47"}


@pytest.mark.django_db
def test_a_filled_honeypot_refuses_the_tip_through_the_api_too() -> None:
    before = Tip.objects.count()
    response = Client().post(
        "/api/v1/tips/public",
        {**FORM, "website": "http://spam.example"},
        REMOTE_ADDR="203.0.113.40",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert Tip.objects.count() == before


@pytest.mark.django_db
def test_an_empty_honeypot_lets_the_tip_through_the_api() -> None:
    response = Client().post("/api/v1/tips/public", FORM, REMOTE_ADDR="203.0.113.41")
    assert response.status_code == 201, response.content[:300]


@pytest.mark.django_db
@override_settings(SODSONG_TRUSTED_PROXY_HOPS=1)
def test_behind_a_proxy_the_rate_limit_counts_each_client_apart() -> None:
    from sodsong.tips.services import client_hash

    for client_ip in ("198.51.100.1", "198.51.100.2"):
        Client().post(
            "/api/v1/tips/public",
            FORM,
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"203.0.113.99, {client_ip}",  # a spoofed first hop, then nginx's
        )
    hashes = set(RateLimitHit.objects.values_list("client_hash", flat=True))
    assert {client_hash("198.51.100.1"), client_hash("198.51.100.2")} <= hashes
    assert client_hash("10.0.0.1") not in hashes and client_hash("203.0.113.99") not in hashes


def test_production_without_proxy_hops_fails_the_deploy_check(settings) -> None:
    from sodsong.accounts.checks import proxy_hops_check

    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.SODSONG_TRUSTED_PROXY_HOPS_SET = False
    (error,) = proxy_hops_check(None)
    assert error.id == "sodsong.E002" and "SODSONG_TRUSTED_PROXY_HOPS" in error.msg
    settings.SODSONG_TRUSTED_PROXY_HOPS_SET = True
    assert proxy_hops_check(None) == []
