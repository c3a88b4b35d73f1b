from django.core.management.base import BaseCommand

from sodsong.cases.laws import load_shipped_catalogue
from sodsong.core.context import Actor, acting_as


class Command(BaseCommand):
    help = (
        "Loads the shipped law catalogue (sodsong/cases/data/laws.json). Idempotent: a changed "
        "section becomes a new revision and the old one is kept."
    )

    def handle(self, *args, **options):
        with acting_as(Actor(user_id=None, via="command")):
            result = load_shipped_catalogue()
        self.stdout.write(
            f"laws {result.laws}, versions {result.versions}, sections created {result.created}, "
            f"revised {result.revised}, unchanged {result.unchanged}"
        )
