"""Retention (unverified tips expire, counts survive as tombstones, the audit log keeps ids),
the one-day purge of hashed client addresses, and urgent-item notifications."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.core.models import Attachment
from sodsong.entities.models import IdentifierMention
from sodsong.entities.services import mention_record
from sodsong.tips.models import RateLimitHit, Tip, TipStatus, TipTombstone
from sodsong.tips.services import (
    rate_limit_hit,
    rate_limits_purge,
    send_urgent_email_now,
    tip_rescore,
    tip_set_status,
    tips_expire,
    watch_report_create,
)

from .conftest import submit_tip


def _age(tip, days: int) -> None:
    Tip.all_objects.filter(pk=tip.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


@pytest.mark.django_db
def test_unverified_tips_expire_and_leave_tombstones(personas, village1, settings):
    settings.SODSONG_TIP_RETENTION_DAYS = 30
    old = submit_tip(
        village1,
        "เรื่องเก่าที่ไม่ได้ตรวจสอบ",
        files=[SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%old-tip-file\n")],
    )
    mention_record(
        type="phone",
        value="+66810000123",
        source_type="tip",
        source_uuid=old.uuid,
        area_code=village1.code,
        normalised=True,
    )
    kept = submit_tip(village1, "เรื่องเก่าที่ตรวจสอบแล้ว")
    tip_set_status(tip=kept, status=TipStatus.VERIFIED, by=personas.district)
    recent = submit_tip(village1, "เรื่องใหม่ยังไม่หมดอายุ")
    for tip in (old, kept):
        _age(tip, 40)
    day = timezone.localtime(timezone.now() - dt.timedelta(days=40)).date()
    before = TipTombstone.objects.filter(area_code=village1.code, day=day, status="new").first()

    expired = tips_expire()

    assert expired >= 1
    assert not Tip.all_objects.filter(pk=old.pk).exists()
    assert Tip.objects.filter(pk=kept.pk).exists()
    assert Tip.objects.filter(pk=recent.pk).exists()
    stone = TipTombstone.objects.get(area_code=village1.code, day=day, kind="tip", status="new")
    assert stone.count == (before.count if before else 0) + 1
    assert not IdentifierMention.objects.filter(source_uuid=old.uuid).exists()
    assert not Attachment.objects.filter(owner_uuid=old.uuid).exists()
    purge = AuditEvent.objects.filter(action="purge", object_type="tips.tip")
    assert any(str(old.uuid) in e.object_ids for e in purge)


@pytest.mark.django_db
def test_a_tip_on_legal_hold_does_not_expire(village1):
    tip = submit_tip(village1, "เรื่องที่ถูกระงับการลบ")
    Tip.objects.filter(pk=tip.pk).update(legal_hold=True, legal_hold_reason="คดีความ")
    _age(tip, 400)
    tips_expire(days=180)
    assert Tip.objects.filter(pk=tip.pk).exists()


@pytest.mark.django_db
def test_the_periodic_expiry_task_runs(village1, settings):
    from sodsong.tips.tasks import expire_tips, purge_rate_limits

    tip = submit_tip(village1, "เรื่องที่งานตามกำหนดเวลาจะลบ")
    _age(tip, 1000)
    expire_tips.call_local()
    purge_rate_limits.call_local()
    assert not Tip.all_objects.filter(pk=tip.pk).exists()


@pytest.mark.django_db
def test_hashed_client_addresses_are_discarded_after_a_day():
    rate_limit_hit(
        bucket="tip_lookup", client_address="192.0.2.1", now=timezone.now() - dt.timedelta(hours=25)
    )
    rate_limit_hit(bucket="tip_lookup", client_address="192.0.2.2")
    rate_limits_purge()
    assert RateLimitHit.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).count() == 0
    assert RateLimitHit.objects.filter(bucket="tip_lookup").exists()


@pytest.mark.django_db
def test_an_urgent_report_emails_the_district_without_personal_data(
    personas, village1, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name in ("district", "district2"):
        user = getattr(personas, name)  # a fresh object on every access
        user.email = f"{name}@example.go.th"
        user.save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = watch_report_create(
            reporter=personas.headman,
            area=village1,
            description="บ้านเช่ามีคนอ่านบทโทรศัพท์ทั้งวัน ปิดม่าน ขนคอมพิวเตอร์เข้า",
            red_flags=[
                "premises-scripted-calls",
                "premises-curtains-closed",
                "premises-many-devices",
                "premises-many-visitors",
            ],
        )
    report.refresh_from_db()
    assert report.urgent and report.notified_at is not None
    sent = [m for m in mail.outbox if "district@example.go.th" in m.to]
    assert len(sent) == 1
    assert not [m for m in mail.outbox if "district2@example.go.th" in m.to]
    assert "อ่านบท" not in sent[0].body
    tip_rescore(tip=report)  # no second e-mail for the same item
    assert len([m for m in mail.outbox if "district@example.go.th" in m.to]) == 1


def _panel(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load tips_tags %}{% tips_urgent_panel %}").render(
        Context({"request": request})
    )


@pytest.mark.django_db
def test_dashboard_panel_shows_urgent_items_to_the_district_only(personas, village1):
    report = watch_report_create(
        reporter=personas.headman,
        area=village1,
        description="พบการรับซื้อซิมและจ้างเปิดบัญชีในหมู่บ้านจำนวนมาก",
        red_flags=[
            "mule-many-sims",
            "mule-paying-villagers",
            "mule-buying-documents",
            "premises-many-visitors",
        ],
    )
    assert report.urgent
    assert str(report.uuid) in _panel(personas.district)
    assert str(report.uuid) not in _panel(personas.district2)
    assert _panel(personas.headman).strip() == ""


@pytest.mark.django_db
def test_an_urgent_mail_the_server_refuses_is_an_error_not_silence(personas, village1, settings):
    """Issue 21: the urgent-tip mail was sent with fail_silently=True, so a mail server that
    refused it left the job "done" with 0 sent and nobody knew the district was never told.
    Now the job fails with the reason (jobs/services.run_job records it) and it is logged."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    user = personas.district
    user.email = "district@example.go.th"
    user.save(update_fields=["email"])
    report = watch_report_create(
        reporter=personas.headman,
        area=village1,
        description="บ้านเช่ามีคนอ่านบทโทรศัพท์ทั้งวัน ปิดม่าน ขนคอมพิวเตอร์เข้า",
        red_flags=["premises-scripted-calls", "premises-curtains-closed"],
    )
    with pytest.raises(OSError):
        send_urgent_email_now(tip=report)
