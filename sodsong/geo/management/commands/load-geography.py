from django.core.management.base import BaseCommand

from sodsong.core.context import Actor, acting_as
from sodsong.geo.services import geography_load


class Command(BaseCommand):
    help = "Loads or refreshes provinces, districts and sub-districts from the geothai package."

    def handle(self, *args, **options):
        with acting_as(Actor(user_id=None, via="command")):
            result = geography_load()
        self.stdout.write(
            f"provinces {result.provinces}, districts {result.districts}, "
            f"sub-districts {result.subdistricts}, abolished {result.abolished}, "
            f"created {result.created}"
        )
