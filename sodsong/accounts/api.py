from __future__ import annotations

from ninja import Router, Schema

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    areas: list[str]


class MeOut(Schema):
    uuid: str
    username: str
    agency: str | None
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="Who the token or session belongs to, and its scope")
def me(request: AuthedHttpRequest) -> MeOut:
    user = request.user
    scope = scope_for(user)
    return MeOut(
        uuid=str(user.uuid),
        username=user.username,
        agency=user.agency.name_th if user.agency else None,
        roles=[RoleOut(role=r, areas=list(codes)) for r, codes in sorted(scope.role_areas.items())],
    )
