"""The official geography behind every record: the counts DOPA publishes, Bangkok's khet and
khwaeng, villages coded sub-district + หมู่ที่, name search as officials type it, abolished units,
and the API's error body."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client
from geothai.abolished import abolished_areas

from sodsong.accounts.services import token_issue
from sodsong.geo import selectors
from sodsong.geo.models import Area, Level, SuccessorStatus
from sodsong.geo.services import GeoError, village_create
from sodsong.thai.digits import to_arabic_digits, to_thai_digits

ERROR_KEYS = {"code", "message", "message_en", "details"}


@pytest.fixture
def api(personas) -> Client:
    """An API client signed with a headman's read token: geography is reference data."""
    _, plain = token_issue(user=personas.headman, name="geo")
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _items(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["count"] == len(body["items"])
    return body["items"]


def _assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code
    assert body["error"]["message"] and body["error"]["message_en"]


# --- counts ----------------------------------------------------------------------------------


def test_there_are_77_provinces(api):
    provinces = _items(api.get("/api/v1/geo/provinces"))
    assert len(provinces) == 77
    assert all(len(p["code"]) == 2 and p["level"] == "province" for p in provinces)
    assert {p["code"] for p in provinces} >= {"10", "47", "90"}
    sakon = next(p for p in provinces if p["code"] == "47")
    assert (sakon["name_th"], sakon["name_en"]) == ("สกลนคร", "Sakon Nakhon")


def test_districts_summed_over_every_province_are_928(api):
    provinces = _items(api.get("/api/v1/geo/provinces"))
    total = 0
    for province in provinces:
        districts = _items(api.get(f"/api/v1/geo/provinces/{province['code']}/districts"))
        assert all(d["code"][:2] == province["code"] and len(d["code"]) == 4 for d in districts)
        assert all(d["parent_code"] == province["code"] for d in districts)
        total += len(districts)
    assert total == 928


def test_subdistricts_summed_over_every_district_are_7436(db):
    # One grouped query stands in for 928 listings; the API is checked against the selector below.
    active = Area.objects.filter(level=Level.SUBDISTRICT, abolished_on__isnull=True)
    per_district = dict(
        active.values_list("parent__code").annotate(n=Count("pk")).values_list("parent__code", "n")
    )
    districts = set(
        Area.objects.filter(level=Level.DISTRICT, abolished_on__isnull=True).values_list(
            "code", flat=True
        )
    )
    assert set(per_district) == districts  # every sub-district hangs under a district in use
    assert len(districts) == 928
    assert sum(per_district.values()) == 7436
    assert per_district["4701"] == selectors.children(code="4701", level=Level.SUBDISTRICT).count()


@pytest.mark.parametrize("district", ["4701", "1001", "9001", "5001"])
def test_subdistrict_listing_matches_the_selector(api, district):
    items = _items(api.get(f"/api/v1/geo/districts/{district}/subdistricts"))
    expected = list(selectors.children(code=district, level=Level.SUBDISTRICT))
    assert [i["code"] for i in items] == [a.code for a in expected]
    assert items and all(i["code"].startswith(district) and len(i["code"]) == 6 for i in items)


def test_sakon_nakhon_counts(api):
    districts = _items(api.get("/api/v1/geo/provinces/47/districts"))
    assert len(districts) == 18
    assert districts[0]["code"] == "4701" and districts[0]["name_th"] == "เมืองสกลนคร"
    subdistricts = _items(api.get("/api/v1/geo/districts/4701/subdistricts"))
    assert subdistricts[0]["code"] == "470101" and subdistricts[0]["name_th"] == "ธาตุเชิงชุม"
    assert "47000" in subdistricts[0]["postal_codes"]


# --- Bangkok ---------------------------------------------------------------------------------


def test_bangkok_has_50_khet_and_180_khwaeng(api):
    khet = _items(api.get("/api/v1/geo/provinces/10/districts"))
    assert len(khet) == 50
    assert all(k["name_th"].startswith("เขต") for k in khet)
    khwaeng = [
        item
        for k in khet
        for item in _items(api.get(f"/api/v1/geo/districts/{k['code']}/subdistricts"))
    ]
    assert len(khwaeng) == 180
    assert all(len(item["code"]) == 6 and item["code"][:2] == "10" for item in khwaeng)


def test_bangkok_areas_are_labelled_khet_and_khwaeng(db):
    assert Area.objects.get(code="1001").level_label_th == "เขต"
    assert Area.objects.get(code="100101").level_label_th == "แขวง"
    assert Area.objects.get(code="4701").level_label_th == "อำเภอ"
    assert Area.objects.get(code="470101").level_label_th == "ตำบล"


def test_bangkok_khwaeng_have_no_villages(api):
    assert _items(api.get("/api/v1/geo/subdistricts/100101/villages")) == []
    assert not Area.objects.filter(level=Level.VILLAGE, code__startswith="10").exists()


# --- villages --------------------------------------------------------------------------------


def test_demo_villages_are_coded_subdistrict_plus_moo(api):
    villages = _items(api.get("/api/v1/geo/subdistricts/470101/villages"))
    assert len(villages) >= 6
    for village in villages:
        assert len(village["code"]) == 8
        assert village["code"] == f"470101{village['moo']:02d}"
        assert village["parent_code"] == "470101"
        assert village["level"] == "village"
    assert [v["moo"] for v in villages] == list(range(1, len(villages) + 1))


def test_village_create_codes_the_village_from_its_moo(db):
    sub = Area.objects.get(code="470102")
    taken = set(Area.objects.filter(parent=sub).values_list("moo", flat=True))
    moo = max(taken) + 1
    village = village_create(subdistrict=sub, moo=moo, name_th=" บ้านทดสอบ ", name_en="Ban Thotsop")
    assert village.code == f"470102{moo:02d}"
    assert (village.level, village.parent, village.name_th) == (Level.VILLAGE, sub, "บ้านทดสอบ")
    assert village in selectors.villages_of("470102")


def test_village_create_refuses_bangkok(db):
    with pytest.raises(GeoError):
        village_create(subdistrict=Area.objects.get(code="100101"), moo=1, name_th="บ้านกรุง")


def test_village_create_refuses_an_existing_moo(db):
    with pytest.raises(GeoError):
        village_create(subdistrict=Area.objects.get(code="470101"), moo=1, name_th="บ้านซ้ำ")


@pytest.mark.parametrize("moo", [0, -1, 100])
def test_village_create_refuses_moo_out_of_range(db, moo):
    with pytest.raises(GeoError):
        village_create(subdistrict=Area.objects.get(code="470102"), moo=moo, name_th="บ้านนอก")


def test_village_create_refuses_a_district_or_an_empty_name(db):
    with pytest.raises(GeoError):
        village_create(subdistrict=Area.objects.get(code="4701"), moo=50, name_th="บ้านผิดระดับ")
    with pytest.raises(GeoError):
        village_create(subdistrict=Area.objects.get(code="470102"), moo=50, name_th="  ")


def test_village_create_refuses_an_abolished_subdistrict(db):
    abolished = Area.objects.filter(level=Level.SUBDISTRICT, abolished_on__isnull=False).exclude(
        code__startswith="10"
    )[0]
    with pytest.raises(GeoError):
        village_create(subdistrict=abolished, moo=1, name_th="บ้านเก่า")


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/geo/provinces/99/districts",
        "/api/v1/geo/provinces/4701/districts",  # a district is not a province
        "/api/v1/geo/districts/4799/subdistricts",
        "/api/v1/geo/districts/47/subdistricts",
        "/api/v1/geo/subdistricts/479999/villages",
        "/api/v1/geo/subdistricts/4701/villages",
        "/api/v1/geo/areas/99999999",
    ],
)
def test_unknown_codes_answer_404_with_the_error_body(api, path):
    _assert_error(api.get(path), 404, "not_found")


def test_unauthenticated_geography_call_is_refused_with_the_error_body(db):
    _assert_error(Client().get("/api/v1/geo/provinces"), 401, "unauthorized")


def test_one_area_by_code(api):
    area = api.get("/api/v1/geo/areas/47010102").json()
    assert (area["level"], area["parent_code"], area["moo"]) == ("village", "470101", 2)


# --- search ----------------------------------------------------------------------------------


def _search(api, q: str, **params) -> list[dict]:
    response = api.get("/api/v1/geo/search", {"q": q, **params})
    body = response.json()
    assert response.status_code == 200, body
    assert body["query"] == q
    return body["items"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("จ.สกลนคร", "47"),
        ("จังหวัดสกลนคร", "47"),
        ("สกลนคร", "47"),
        ("อ.เมืองสกลนคร", "4701"),
        ("อำเภอเมืองสกลนคร", "4701"),
        ("ต.ธาตุเชิงชุม", "470101"),
        ("ตำบล ธาตุเชิงชุม", "470101"),
        ("Sakon Nakhon", "47"),
        ("sakon nakhon", "47"),
        ("Sakon", "47"),
        ("สกลนครร", "47"),  # a doubled letter
        ("สกลนคน", "47"),  # a wrong final letter
        ("Sakon Nakon", "47"),  # a missing letter
        ("Sakhon Nakhon", "47"),
        ("กรุงเทพ", "10"),
        ("Bangkok", "10"),
        ("เขตพระนคร", "1001"),  # เขต is part of the khet's official name
        ("อำเภอบ้านแพง", "4804"),  # so is บ้าน in อำเภอบ้านแพง
        ("แขวงบางซื่อ", "102901"),
    ],
)
def test_search_finds_areas_as_officials_type_them(api, query, code):
    items = _search(api, query)
    assert items, query
    assert items[0]["code"] == code, [(i["code"], i["name_th"], i["score"]) for i in items[:5]]


@pytest.mark.parametrize("query", ["4701", "๔๗๐๑", "๔๗"])
def test_search_by_code_in_thai_or_arabic_digits(api, query):
    items = _search(api, query, limit=100)
    assert items
    assert all(i["code"].startswith(to_arabic_digits(query)) for i in items)
    assert items[0]["code"] == ("47" if len(query) == 2 else "4701")


def test_search_for_a_village_code_in_thai_digits(api):
    items = _search(api, to_thai_digits("47010102"))
    assert [i["code"] for i in items] == ["47010102"]
    assert items[0]["moo"] == 2


def test_search_within_an_area(api):
    items = _search(api, "เมือง", within="47", limit=50)
    assert items and all(i["code"].startswith("47") for i in items)


def test_search_for_nothing_finds_nothing(api):
    assert _search(api, "   ") == []
    assert _search(api, "จ.") == []
    assert _search(api, "qqqqzzzz") == []


def test_search_needs_a_query(api):
    _assert_error(api.get("/api/v1/geo/search"), 422, "invalid")


# --- abolished units -------------------------------------------------------------------------


def test_abolished_units_are_kept_with_a_successor_status(db):
    abolished = Area.objects.filter(abolished_on__isnull=False)
    assert abolished.exists()
    statuses = set(abolished.values_list("successor_status", flat=True))
    assert statuses == {SuccessorStatus.KNOWN, SuccessorStatus.UNKNOWN}


def test_a_known_successor_comes_from_geothai(db):
    upstream = next(a for a in abolished_areas() if a.code == "100205")  # แขวงบางซื่อ (old)
    assert upstream.successors
    area = Area.objects.get(code="100205")
    assert area.successor_status == SuccessorStatus.KNOWN
    assert area.successor_codes.split() == list(upstream.successors)
    assert area.abolished_on.isoformat() == upstream.abolished_on


def test_no_abolished_unit_claims_a_successor_without_data(db):
    upstream = {a.code: a for a in abolished_areas()}
    for area in Area.objects.filter(abolished_on__isnull=False):
        source = upstream[area.code]
        if area.successor_status == SuccessorStatus.KNOWN:
            assert area.successor_codes.split() == list(source.successors), area.code
            assert source.successors_basis and area.successor_basis == source.successors_basis
        else:
            assert area.successor_status == SuccessorStatus.UNKNOWN, area.code
            assert area.successor_codes == "" and not source.successors, area.code


def test_abolished_units_are_listed_only_on_request(api):
    area = Area.objects.filter(
        level=Level.SUBDISTRICT, abolished_on__isnull=False, parent__isnull=False
    ).order_by("code")[0]
    district = area.parent.code
    current = {i["code"] for i in _items(api.get(f"/api/v1/geo/districts/{district}/subdistricts"))}
    everything = _items(
        api.get(f"/api/v1/geo/districts/{district}/subdistricts", {"include_abolished": True})
    )
    assert area.code not in current
    listed = next(i for i in everything if i["code"] == area.code)
    assert listed["abolished_on"] == area.abolished_on.isoformat()
    assert listed["successor_status"] in ("known", "unknown")


def test_search_leaves_out_abolished_units(api):
    old = Area.objects.get(code="100205")
    assert all(i["code"] != old.code for i in _search(api, old.name_th, limit=100))


def test_search_ranks_an_exact_name_before_names_that_start_with_it(api):
    items = _search(api, "เมือง", limit=10)
    assert items[0]["name_th"] == "เมือง"
    assert items[0]["score"] > items[-1]["score"]
