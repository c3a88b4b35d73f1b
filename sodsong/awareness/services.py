"""Writes about awareness activities and the topic list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.awareness.models import Activity, ActivityType, Topic
from sodsong.awareness.selectors import can_change, can_edit_topics, can_record_in
from sodsong.core.attachments import attachment_store
from sodsong.core.errors import DomainError
from sodsong.core.models import Attachment
from sodsong.core.services import record_soft_delete
from sodsong.geo.models import Area, Level

# A village meeting is counted in tens, a LINE group in hundreds; more is a typing mistake.
MAX_AUDIENCE = 100_000
MAX_PHOTOS = 10


class AwarenessError(DomainError):
    """Invalid activity data or a refused operation; the message is for the user."""


@transaction.atomic
def activity_record(
    *,
    actor: User,
    kind: str,
    held_on: dt.date,
    village: Area,
    audience: int,
    topics: Sequence[Topic],
    material: str = "",
    photos: Iterable[UploadedFile] = (),
) -> Activity:
    if kind not in ActivityType.values:
        raise AwarenessError(_("Choose the type of activity."))
    if held_on > timezone.localdate():
        raise AwarenessError(_("The activity date cannot be in the future."))
    if village.level != Level.VILLAGE:
        raise AwarenessError(_("Choose a village."))
    if not can_record_in(actor, village.code):
        raise AwarenessError(_("You may record activities only in your own areas."))
    if audience is None or audience < 0:
        raise AwarenessError(_("The audience headcount cannot be negative."))
    if audience > MAX_AUDIENCE:
        raise AwarenessError(_("The audience headcount is too large; check the number."))
    chosen = list(dict.fromkeys(topics))
    if not chosen:
        raise AwarenessError(_("Choose at least one topic."))
    if any(not t.active for t in chosen):
        raise AwarenessError(_("A chosen topic is no longer in use."))
    uploads = list(photos)
    if len(uploads) > MAX_PHOTOS:
        raise AwarenessError(_("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS})
    activity = Activity.objects.create(
        kind=kind,
        held_on=held_on,
        village=village,
        organiser=actor,
        organiser_agency_id=actor.agency_id,
        audience=audience,
        material=material.strip()[:300],
    )
    activity.topics.set(chosen)
    for upload in uploads:
        activity_add_photo(actor=actor, activity=activity, upload=upload)
    return activity


@transaction.atomic
def activity_add_photo(*, actor: User, activity: Activity, upload: UploadedFile) -> Attachment:
    if not (can_record_in(actor, activity.village.code) or can_change(actor, activity)):
        raise AwarenessError(_("You may record activities only in your own areas."))
    return attachment_store(
        owner=activity,
        area_code=activity.village.code,
        upload=upload,
        uploaded_by_id=actor.pk,
        allowed_types=frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"}),
    )


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity, reason: str) -> None:
    if not can_change(actor, activity):
        raise AwarenessError(
            _("Only the organiser or district and provincial staff may delete it.")
        )
    record_soft_delete(record=activity, actor_id=actor.pk, reason=reason)


@transaction.atomic
def topic_save(
    *,
    actor: User,
    name_th: str,
    name_en: str = "",
    active: bool = True,
    order: int = 100,
    topic: Topic | None = None,
) -> Topic:
    if not can_edit_topics(actor):
        raise AwarenessError(_("Only provincial staff may edit the topics."))
    if not name_th.strip():
        raise AwarenessError(_("The Thai name of the topic is required."))
    if topic is None:
        base = slugify(name_en) or "topic"
        code, n = base[:36], 1
        while Topic.objects.filter(code=code).exists():
            n += 1
            code = f"{base[:34]}-{n}"
        topic = Topic(code=code)
    topic.name_th = name_th.strip()[:200]
    topic.name_en = name_en.strip()[:200]
    topic.active = active
    topic.order = max(0, min(order, 32000))
    topic.save()
    return topic
