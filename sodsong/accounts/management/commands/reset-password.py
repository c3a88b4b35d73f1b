from django.core.management.base import BaseCommand, CommandError

from sodsong.accounts.models import User
from sodsong.accounts.services import password_reset_issue
from sodsong.core.context import Actor, acting_as


class Command(BaseCommand):
    help = "Issues a one-time password-reset link for USERNAME and prints its path."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        with acting_as(Actor(user_id=None, via="command")):
            code = password_reset_issue(user=user, issued_by=None)
        self.stdout.write(f"/accounts/reset/{code}")
