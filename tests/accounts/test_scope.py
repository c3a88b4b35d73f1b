"""`scope_for`: which roles a user holds today and which areas they reach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.accounts.models import Role, RoleAssignment, User
from sodsong.accounts.scope import outermost_codes, prefix_filter, scope_for
from sodsong.accounts.services import AccountError, role_assign, role_revoke
from sodsong.geo.models import Area

TODAY = timezone.localdate


def _fresh(user: User) -> User:
    """`scope_for` caches on the user object; a fresh one reads the roles again."""
    return User.objects.get(pk=user.pk)


def _areas(*codes: str) -> list[Area]:
    found = list(Area.objects.filter(code__in=codes))
    assert len(found) == len(codes), codes
    return found


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(username="scope-officer", password=None)


def test_a_user_without_roles_has_an_empty_scope(officer):
    scope = scope_for(officer)
    assert scope.is_empty
    assert scope.personal_codes == ()
    assert not scope.covers_area("47")


def test_anonymous_and_inactive_users_have_no_scope(officer):
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(None).is_empty
    assert scope_for(AnonymousUser()).is_empty
    role_assign(user=officer, role=Role.DISTRICT, areas=_areas("4701"))
    officer.is_active = False
    officer.save()
    assert scope_for(_fresh(officer)).is_empty


def test_a_role_valid_from_tomorrow_grants_nothing_today(officer):
    tomorrow = TODAY() + dt.timedelta(days=1)
    role_assign(user=officer, role=Role.DISTRICT, areas=_areas("4701"), valid_from=tomorrow)
    assert scope_for(_fresh(officer)).is_empty
    assert scope_for(_fresh(officer), day=tomorrow).has_role(Role.DISTRICT)


def test_a_role_that_ended_yesterday_grants_nothing_today(officer):
    yesterday = TODAY() - dt.timedelta(days=1)
    role_assign(
        user=officer,
        role=Role.DISTRICT,
        areas=_areas("4701"),
        valid_from=yesterday - dt.timedelta(days=30),
        valid_until=yesterday,
    )
    assert scope_for(_fresh(officer)).is_empty
    assert scope_for(_fresh(officer), day=yesterday).covers_personal("47010101")


def test_a_role_ending_today_still_counts_today(officer):
    role_assign(user=officer, role=Role.DISTRICT, areas=_areas("4701"), valid_until=TODAY())
    assert scope_for(_fresh(officer)).has_role(Role.DISTRICT)


def test_a_revoked_role_grants_nothing(officer):
    assignment = role_assign(user=officer, role=Role.DISTRICT, areas=_areas("4701"))
    role_revoke(assignment=assignment)
    assert scope_for(_fresh(officer)).is_empty


def test_a_role_cannot_end_before_it_starts(officer):
    with pytest.raises(AccountError):
        role_assign(
            user=officer,
            role=Role.DISTRICT,
            areas=_areas("4701"),
            valid_from=TODAY(),
            valid_until=TODAY() - dt.timedelta(days=1),
        )


def test_acting_for_another_officer_grants_that_role_for_its_dates(officer):
    start = TODAY() - dt.timedelta(days=2)
    end = TODAY() + dt.timedelta(days=5)
    assignment = role_assign(
        user=officer,
        role=Role.DISTRICT,
        areas=_areas("4702"),
        valid_from=start,
        valid_until=end,
        acting_for="นายอำเภอ",
    )
    assert assignment.acting_for == "นายอำเภอ"
    scope = scope_for(_fresh(officer))
    assert scope.has_role(Role.DISTRICT)
    assert scope.covers_personal("470201")
    assert scope_for(_fresh(officer), day=end + dt.timedelta(days=1)).is_empty


def test_a_kamnan_who_is_also_a_headman_holds_both_roles(personas):
    scope = scope_for(personas.kamnan)
    assert scope.roles == {Role.KAMNAN, Role.HEADMAN}
    (subdistrict,) = scope.role_areas[Role.KAMNAN]
    (village,) = scope.role_areas[Role.HEADMAN]
    assert village.startswith(subdistrict)
    # His own village lies inside his sub-district, so only the sub-district is kept.
    assert scope.personal_codes == (subdistrict,)
    assert scope.covers_personal(village)


def test_a_headman_sees_only_his_village(personas):
    scope = scope_for(personas.headman)
    (village,) = scope.personal_codes
    assert len(village) == 8
    assert scope.covers_personal(village)
    assert not scope.covers_personal(village[:6] + "99")
    assert not scope.covers_area("47")


def test_nested_codes_collapse_to_the_outermost(officer):
    role_assign(user=officer, role=Role.DISTRICT, areas=_areas("4701", "470101"))
    role_assign(user=officer, role=Role.ANALYST, areas=_areas("47"))
    scope = scope_for(_fresh(officer))
    assert scope.personal_codes == ("47",)
    assert scope.area_codes == ("47",)


@pytest.mark.parametrize(
    ("codes", "kept"),
    [
        (("4701", "47"), ["47"]),
        (("47010101", "470101", "4702"), ["4702", "470101"]),
        (("47", "47", "48"), ["47", "48"]),
        (("4701", "4710"), ["4701", "4710"]),
        ((), []),
    ],
)
def test_outermost(codes, kept):
    assert sorted(outermost_codes(codes)) == sorted(kept)


def test_the_ministry_sees_the_whole_nation_but_no_personal_records(personas):
    scope = scope_for(personas.ministry)
    assert scope.nation
    assert scope.personal_codes == ()
    assert scope.covers_area("10")
    assert scope.covers_area("47010101")
    assert not scope.covers_personal("47010101")
    assert not RoleAssignment.objects.filter(user=personas.ministry).first().areas.exists()


def test_an_agency_officer_sees_areas_but_no_personal_records_by_area(personas):
    scope = scope_for(personas.police)
    assert scope.has_role(Role.AGENCY_OFFICER)
    assert scope.area_codes
    assert scope.personal_codes == ()


@pytest.mark.parametrize("role", [Role.KAMNAN, Role.HEADMAN])
def test_bangkok_has_no_kamnan_or_headman(role, officer):
    with pytest.raises(AccountError):
        role_assign(user=officer, role=role, areas=_areas("100101"))
    assert not RoleAssignment.objects.filter(user=officer).exists()


def test_bangkok_accepts_a_district_officer(officer):
    role_assign(user=officer, role=Role.DISTRICT, areas=_areas("1001"))
    assert scope_for(_fresh(officer)).covers_personal("100101")


def test_area_roles_need_an_area_but_ministry_does_not(officer):
    with pytest.raises(AccountError):
        role_assign(user=officer, role=Role.DISTRICT, areas=[])
    role_assign(user=officer, role=Role.MINISTRY)
    assert scope_for(_fresh(officer)).nation


def test_an_unknown_role_is_refused(officer):
    with pytest.raises(AccountError):
        role_assign(user=officer, role="emperor", areas=_areas("47"))


def test_a_prefix_filter_of_no_codes_selects_nothing(db):
    from sodsong.geo.models import Area

    assert not Area.objects.filter(prefix_filter("code", ())).exists()
    assert not Area.objects.filter(prefix_filter("code", iter(()))).exists()
    assert Area.objects.filter(prefix_filter("code", ["4701"])).count() == (
        Area.objects.filter(code__startswith="4701").count()
    )
