"""The cases API (/api/v1/cases): the same selectors and services as the pages, so the same
sharing rules and compartments. A case the caller cannot see answers 404; a change the caller may
not make answers 403; invalid input answers 422 with the reason in the user's language.

The endpoints sit in one module per part of a case: `cases` holds the router, and the routers of
`case_tasks`, `operations` and `parties` are mounted on it in that order; the response schemas
they share are in `schemas`, the request helpers in `common`.
"""

from sodsong.cases.api import case_tasks, operations, parties
from sodsong.cases.api.cases import router

for section in (case_tasks, operations, parties):
    router.add_router("", section.router)

__all__ = ["router"]
