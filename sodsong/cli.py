"""The `sodsong` console script: Django's management commands under the project's own name.

`sodsong worker` is the job consumer (Huey's run_huey); every other word is a management command.
"""

from __future__ import annotations

import os
import sys

ALIASES = {"worker": "run_huey"}
# Commands that read a file or standard input and print, touching neither the database nor
# anything signed: they run without SODSONG_SECRET_KEY outside demo mode (a random key for the
# one process). Every other command still needs the key.
OFFLINE_COMMANDS = {
    "parse-letter",
    "extract-identifiers",
    "render-sample-letters",
    "help",
    "version",
    "--version",
    "--help",
    "-h",
}
OFFLINE_FLAG = "_SODSONG_OFFLINE_COMMAND"
# Commands that serve users: they refuse to start in production while demo accounts exist.
SERVING_COMMANDS = {"runserver", "run_huey"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodsong.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "sodsong"
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    if len(args) < 2 or args[1] in OFFLINE_COMMANDS:
        os.environ[OFFLINE_FLAG] = "1"
    else:
        os.environ.pop(OFFLINE_FLAG, None)
    if len(args) > 1 and args[1] in SERVING_COMMANDS:
        import django

        django.setup()
        from sodsong.accounts.startup import refuse_demo_accounts_outside_demo_mode
        from sodsong.core.production import refuse_misconfigured_production

        refuse_demo_accounts_outside_demo_mode()
        refuse_misconfigured_production()
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
