"""`sodsong demo`: builds the synthetic demo province (Sakon Nakhon by default).

The demo password comes from --password, else SODSONG_DEMO_PASSWORD, else a random one generated
once and kept in var/demo-password.txt (outside the repository), so re-runs keep working logins.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sodsong.core.context import Actor, acting_as
from sodsong.demo.builder import demo_build, demo_remove


def demo_password(explicit: str | None) -> str:
    if explicit:
        return explicit
    from_env = os.environ.get("SODSONG_DEMO_PASSWORD")
    if from_env:
        return from_env
    path = Path(settings.VAR_DIR) / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


class Command(BaseCommand):
    help = "Builds a realistic synthetic province with personas by role (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--province", default="47", help="2-digit DOPA code (10 = Bangkok)")
        parser.add_argument("--seed", type=int, default=2567)
        parser.add_argument("--password", default=None)
        parser.add_argument("--remove", action="store_true", help="remove demo accounts and data")

    def handle(self, *args, **options):
        with acting_as(Actor(user_id=None, via="command")):
            if options["remove"]:
                removed = demo_remove()
                self.stdout.write(f"removed {removed} demo accounts and the synthetic people")
                return
            if not settings.DEMO_MODE:
                raise CommandError("the demo runs only in demo mode: set SODSONG_DEMO=1")
            password = demo_password(options["password"])
            try:
                result = demo_build(
                    province_code=options["province"], seed=options["seed"], password=password
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        province = result.province
        self.stdout.write(
            f"Demo province {province.code} {province.name_th} ({province.name_en}): "
            f"{result.villages} villages, {result.agencies} agencies, "
            f"{result.people} new people"
        )
        self.stdout.write(f"Demo logins (password for all: {password}):")
        for persona in result.personas:
            self.stdout.write(f"  {persona.username:<13} {persona.title_th}")
