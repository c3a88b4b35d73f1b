"""Demo data of the awareness module: build(province=, seed=) is idempotent (it adds activities
only to a province that has none, from a seeded random generator).

Each activity is recorded, through the service, by the most local persona whose areas hold the
village (headman, kamnan, local body, district officer), else by the provincial officer.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.awareness import services
from sodsong.awareness.models import Activity, ActivityType, Topic
from sodsong.geo.models import Area, Level

PERSONAS = ("headman", "headman2", "headman3", "kamnan", "localgov", "district", "district2")
MATERIALS = (
    "แผ่นพับ กรมการปกครอง",
    "คลิปวิดีโอ ศูนย์ AOC 1441",
    "โปสเตอร์ รู้ทันแก๊งคอลเซ็นเตอร์",
    "สไลด์ของสถานีตำรวจ",
    "",
)
# Typical headcounts per type of activity: (low, high).
AUDIENCE = {
    ActivityType.VILLAGE_MEETING: (25, 120),
    ActivityType.BROADCAST_TOWER: (80, 400),
    ActivityType.SCHOOL_TALK: (30, 250),
    ActivityType.LINE_GROUP: (40, 300),
    ActivityType.LEAFLETS: (20, 150),
    ActivityType.COMMUNITY_RADIO: (100, 800),
    ActivityType.OTHER: (10, 60),
}


def _organiser(village: Area, users: list[User], fallback: User) -> User:
    for user in users:
        codes = [
            c
            for role in (Role.HEADMAN, Role.KAMNAN, Role.LOCALGOV, Role.DISTRICT)
            for c in scope_for(user).role_areas.get(role, ())
        ]
        if any(village.code.startswith(c) for c in codes):
            return user
    return fallback


def build(*, province: Area, seed: int) -> None:
    if Activity.all_objects.filter(village__code__startswith=province.code).exists():
        return
    fallback = User.objects.filter(username="province").first()
    if fallback is None:
        return
    users = [u for name in PERSONAS if (u := User.objects.filter(username=name).first())]
    topics = list(Topic.objects.filter(active=True))
    if not topics:
        return
    rng = random.Random(f"{seed}:{province.code}:awareness")
    villages = list(
        Area.objects.filter(level=Level.VILLAGE, code__startswith=province.code).order_by("code")
    )
    if not villages:
        return
    # The personas' own villages first, so that every demo user sees some activities.
    own = [v for v in villages if _organiser(v, users, fallback) is not fallback]
    sample = own[:30] + rng.sample(villages, min(60, len(villages)))
    today = timezone.localdate()
    kinds = list(AUDIENCE)
    for village in dict.fromkeys(sample):
        organiser = _organiser(village, users, fallback)
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(kinds)
            low, high = AUDIENCE[kind]
            services.activity_record(
                actor=organiser,
                kind=kind,
                held_on=today - dt.timedelta(days=rng.randint(0, 300)),
                village=village,
                audience=rng.randint(low, high),
                topics=rng.sample(topics, rng.randint(1, 3)),
                material=rng.choice(MATERIALS),
            )
