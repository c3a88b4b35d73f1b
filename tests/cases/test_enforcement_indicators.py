"""Issue 19: the figures the ministry asks for, each counted from the records by its source and
checked against a hand-counted fixture: the source's total after the fixture minus before equals
what was recorded by hand. Nationality appears only as a count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.cases import services
from sodsong.cases.models import Operation, PartyRole
from sodsong.indicators.catalogue import by_code
from sodsong.indicators.sources import SOURCES

from .conftest import add_person, district_of, village_in

NOW = timezone.now()
TODAY = timezone.localdate()
CODES = (
    "persons_arrested",
    "arrested_thai",
    "arrested_foreign",
    "arrested_fraud",
    "arrested_mule",
    "arrested_immigration",
    "arrested_organised",
    "foreigners_inspected",
    "foreigners_in_breach",
    "cases_to_prosecutor",
    "departures_prevented",
    "people_brought_back",
    "accounts_frozen",
    "fraud_victims",
    "victims_identified",
    "victims_referred",
    "officials_suspended",
    "officials_transferred",
)


def _totals() -> dict[str, int]:
    start = TODAY - dt.timedelta(days=1)
    return {
        code: sum(r.value for r in SOURCES[code](prefix="47", start=start, end=TODAY))
        for code in CODES
    }


def _suspect(police, case, name, nationality):  # type: ignore[no-untyped-def]
    village = village_in(district_of(police))
    party = services.party_add(
        by=police,
        case=case,
        person=add_person(village, name, "Hand", nationality),
        role=PartyRole.SUSPECT,
    )
    services.arrest_record(
        by=police,
        party=party,
        arrested_at=NOW - dt.timedelta(hours=2),
        place="The rented house",
        arresting_unit="สภ.",
        recording_reference="body-cam 7",
    )
    return party


def _charge(police, party, law, key):  # type: ignore[no-untyped-def]
    services.charge_add(
        by=police,
        party=party,
        law_code=law,
        section_key=key,
        offence_from=TODAY - dt.timedelta(days=5),
    )


def test_every_new_figure_is_in_the_catalogue_with_its_source(db):
    catalogue = by_code(include_formulas=False)
    for code in CODES:
        assert code in catalogue and code in SOURCES, code
        assert catalogue[code].source in ("cases", "misconduct"), code


def test_each_figure_matches_the_hand_count(personas, built):
    from sodsong.misconduct.models import InterimMeasure, Matter

    before = _totals()
    police = personas.police
    case = built.case
    thai = _suspect(police, case, "Somchai", "THA")
    khmer = _suspect(police, case, "Sokha", "KHM")
    _suspect(police, case, "Aung", "MMR")  # arrested, not charged
    unknown = _suspect(police, case, "Nobody", "")
    _charge(police, thai, "penal-code", "s.343")
    _charge(police, thai, "tech-crime-decree", "s.9")
    _charge(police, khmer, "immigration-act", "s.81")
    _charge(police, khmer, "penal-code", "s.343")
    _charge(police, khmer, "penal-code", "s.209")
    _charge(police, unknown, "penal-code", "s.341")
    for party in (thai, khmer):
        services.prosecution_update(by=police, party=party, inquiry_file_sent_on=TODAY)
    operation = Operation.objects.get(case=case)
    services.operation_record_result(
        by=police,
        operation=operation,
        held_at=NOW - dt.timedelta(hours=3),
        result="12 checked",
        foreigners_inspected=12,
        foreigners_in_breach=9,
        departures_prevented=3,
        people_brought_back=2,
    )
    services.seizure_add(by=police, case=case, kind="frozen", quantity=5, seized_on=TODAY)
    held = services.party_add(
        by=police,
        case=case,
        person=add_person(village_in(district_of(police)), "Held", "Desk"),
        role=PartyRole.SUSPECT,
        recruited_or_held=True,
        taken_into_care_at=NOW - dt.timedelta(hours=4),
    )
    services.party_screen(by=police, party=held, result="victim", screened_on=TODAY)
    for to in ("pmj", "ctip"):
        services.victim_refer(
            by=police, party=held, to=to, receiving_name="พมจ.สกลนคร", referred_on=TODAY
        )
    first, second = Matter.objects.filter(area__code__startswith="47")[:2]
    for kind in ("suspension", "removed"):
        InterimMeasure.objects.create(matter=first, kind=kind, ordered_on=TODAY)
    InterimMeasure.objects.create(matter=second, kind="transfer", ordered_on=TODAY)

    after = _totals()
    delta = {code: after[code] - before[code] for code in CODES}
    assert delta == {
        "persons_arrested": 4,
        "arrested_thai": 1,
        "arrested_foreign": 2,  # Sokha and Aung; Nobody has no nationality recorded
        "arrested_fraud": 3,  # Somchai, Sokha, Nobody
        "arrested_mule": 1,
        "arrested_immigration": 1,
        "arrested_organised": 1,
        "foreigners_inspected": 12,
        "foreigners_in_breach": 9,
        "cases_to_prosecutor": 1,  # two files of one case
        "departures_prevented": 3,
        "people_brought_back": 2,
        "accounts_frozen": 5,
        "fraud_victims": 0,  # built's victim was added before `before`
        "victims_identified": 1,
        "victims_referred": 1,  # referred twice, counted once
        "officials_suspended": 1,  # suspended then removed: one official
        "officials_transferred": 1,
    }


def test_fraud_and_trafficking_victims_are_counted_apart(personas, built):
    before = _totals()
    police = personas.police
    village = village_in(district_of(police))
    services.party_add(
        by=police, case=built.case, person=add_person(village, "Lost", "Savings"), role="victim"
    )
    held = services.party_add(
        by=police,
        case=built.case,
        person=add_person(village, "Forced", "Caller"),
        role=PartyRole.SUSPECT,
        recruited_or_held=True,
    )
    services.party_screen(by=police, party=held, result="victim", screened_on=TODAY)
    after = _totals()
    assert after["fraud_victims"] - before["fraud_victims"] == 1
    assert after["victims_identified"] - before["victims_identified"] == 1


@pytest.mark.parametrize("code", ["arrested_thai", "arrested_foreign"])
def test_the_origin_split_yields_counts_only(personas, built, code):
    _suspect(personas.police, built.case, "Countonly", "THA")
    for row in SOURCES[code](prefix="47"):
        assert set(row._fields) == {"area_code", "day", "dim", "value"} and row.dim == ""
