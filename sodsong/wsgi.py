"""WSGI entry point for gunicorn or granian."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodsong.settings")
application = get_wsgi_application()

# Production must not start while demo accounts (with their known passwords) exist, nor with
# mail going nowhere, no base URL or no LibreOffice (core/production.py).
from sodsong.accounts.startup import refuse_demo_accounts_outside_demo_mode  # noqa: E402
from sodsong.core.production import refuse_misconfigured_production  # noqa: E402

refuse_demo_accounts_outside_demo_mode()
refuse_misconfigured_production()
