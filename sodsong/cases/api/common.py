"""What the cases API's endpoints share: the case, agency and area a request names. Service
refusals (CaseError, PersonError, CasePermissionError) reach the API's one error handler
(sodsong.api) as they are raised."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import HttpError

from sodsong.accounts.models import Agency
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.cases import selectors, services
from sodsong.geo.models import Area


def _access(request: AuthedHttpRequest, uuid: str) -> selectors.CaseAccess:
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
