"""The survey's API: residents, documents, visits, rounds, submissions and import jobs, all scoped
by jurisdiction (out of scope answers 404) and every read of personal data audited.

One router file per part of the survey (`residents`, `visits`, `rounds`, `imports`), mounted here in
that order.
"""

from ninja import Router

from sodsong.survey.api import imports, residents, rounds, visits

router = Router(tags=["survey"])
for section in (residents, visits, rounds, imports):
    router.add_router("", section.router)
