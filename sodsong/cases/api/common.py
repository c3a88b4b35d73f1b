"""What the cases API's endpoints share: service refusals as the standard error body, and the
case, agency and area a request names."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from sodsong.accounts.models import Agency
from sodsong.cases import selectors, services
from sodsong.geo.models import Area
from sodsong.people.services import PersonError


def _errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turns service refusals into the API's standard error body.

    ninja resolves a view's annotations in the globals of the function it is given, which is this
    wrapper's module: the modules that use it therefore keep their annotations evaluated (no
    `from __future__ import annotations`), so that their request schemas resolve."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        from sodsong.api import error_response

        try:
            return view(request, *args, **kwargs)
        except services.CasePermissionError:
            return error_response(request, 403, "forbidden")
        except (services.CaseError, PersonError) as exc:
            return error_response(request, 422, "invalid", message=str(exc))

    return wrapper


def _access(request: HttpRequest, uuid: str) -> selectors.CaseAccess:
    access = selectors.case_access_for(user=request.user, uuid=uuid)
    if access is None:
        raise HttpError(404, "not_found")
    return access


def _agency(uuid: str) -> Agency:
    agency = Agency.objects.filter(uuid=uuid).first() if uuid else None
    if agency is None:
        raise services.CaseError(_("Unknown agency."))
    return agency


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise services.CaseError(_("Unknown area code."))
    return area
