from django.core.management.base import BaseCommand

from sodsong.core.context import Actor, acting_as
from sodsong.survey.retention import import_uploads_purge


class Command(BaseCommand):
    help = (
        "Deletes the uploaded spreadsheets (and rejected-row files) of survey imports older than "
        "SODSONG_IMPORT_RETENTION_DAYS (default 30). The nightly job does the same."
    )

    def handle(self, *args, **options):
        with acting_as(Actor(user_id=None, via="command")):
            count = import_uploads_purge()
        self.stdout.write(f"{count} import(s) purged")
