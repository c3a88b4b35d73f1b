from django.core.management.base import BaseCommand, CommandError

from sodsong.accounts.models import ApiToken, User
from sodsong.accounts.services import AccountError, token_issue
from sodsong.core.context import Actor, acting_as


class Command(BaseCommand):
    help = "Prints a new personal API token for USERNAME (stored hashed; shown only now)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['username']!r}")
        try:
            with acting_as(Actor(user_id=None, via="command")):
                _token, plain = token_issue(
                    user=user, name=options["name"], scope=options["scope"], days=options["days"]
                )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(plain)
