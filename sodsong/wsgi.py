"""WSGI entry point for gunicorn or granian."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodsong.settings")
application = get_wsgi_application()

# Production must not start while demo accounts (with their known passwords) exist.
from sodsong.accounts.startup import refuse_demo_accounts_outside_demo_mode  # noqa: E402

refuse_demo_accounts_outside_demo_mode()
