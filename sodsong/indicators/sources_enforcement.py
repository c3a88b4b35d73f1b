"""Sources of the enforcement figures the ministry asks for (issue 19): arrests split Thai and
foreign and by law group, foreigners inspected and found in breach, cases sent to the prosecutor,
departures prevented and people brought back, accounts frozen, fraud and trafficking victims
counted apart, and officials suspended, removed pending the inquiry or transferred.

Nationality appears here only as a count reported up (how many of those arrested are Thai): the
people are grouped after they were selected by what they did (an arrest), never filtered, scored
or ranked by it (DOMAIN §5, docs/architecture.md rule 10).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncDate

from sodsong.indicators.sources import Row, _accused_dim, _date_range, _grouped, _model, _seized

THAI = "THA"
# The law groups of the catalogue (cases.models.LawGroup) the arrests are counted by.
LAW_GROUPS = ("fraud", "mule", "immigration", "labour", "trafficking", "organised", "officials")


def _arrests(prefix: str, start, end) -> list[tuple[int, str, dt.date]]:
    """(party id, case area code, arrest day) of each arrest in the range."""
    Arrest = _model("cases", "Arrest")
    qs = Arrest.objects.filter(party__case__deleted_at__isnull=True)
    if prefix:
        qs = qs.filter(party__case__area__code__startswith=prefix)
    qs = _date_range(qs.annotate(_day=TruncDate("arrested_at")), "_day", start, end)
    return list(qs.values_list("party_id", "party__case__area__code", "_day"))


def _count_people(keyed: Iterable[tuple[str, dt.date, str, int]]) -> dict[str, list[Row]]:
    """(area, day, dim, party) → per dim, rows counting each person once per area and day."""
    seen: dict[tuple[str, dt.date, str], set[int]] = defaultdict(set)
    for area, day, dim, party in keyed:
        seen[(area, day, dim)].add(party)
    out: dict[str, list[Row]] = defaultdict(list)
    for (area, day, dim), parties in seen.items():
        out[dim].append(Row(area, day, "", len(parties)))
    return out


def _arrested_by_origin(origin: str, prefix: str, start, end) -> list[Row]:
    arrests = _arrests(prefix, start, end)
    CaseParty = _model("cases", "CaseParty")
    # Read beside the arrest to be counted, never used to choose whom to look at.
    held = dict(
        CaseParty.objects.filter(pk__in={a[0] for a in arrests}).values_list(
            "pk", "person__nationality"
        )
    )

    def kind(party: int) -> str:
        code = (held.get(party) or "").upper()
        return "thai" if code == THAI else ("foreign" if code else "unknown")

    return _count_people((area, day, kind(p), p) for p, area, day in arrests).get(origin, [])


def arrested_thai(prefix: str = "", start=None, end=None) -> list[Row]:
    """People arrested who are Thai nationals, by the day of arrest (once per person and day)."""
    return _arrested_by_origin("thai", prefix, start, end)


def arrested_foreign(prefix: str = "", start=None, end=None) -> list[Row]:
    """People arrested whose recorded nationality is not Thai. Those with none recorded are in
    neither count (persons_arrested has everyone)."""
    return _arrested_by_origin("foreign", prefix, start, end)


def _arrested_in_group(group: str, prefix: str, start, end) -> list[Row]:
    """People arrested and charged under a section of the group (a charge not withdrawn), by the
    day of arrest. A person charged under two groups counts in each."""
    arrests = _arrests(prefix, start, end)
    Charge = _model("cases", "Charge")
    groups: dict[int, set[str]] = defaultdict(set)
    charges = Charge.objects.filter(
        party_id__in={a[0] for a in arrests}, withdrawn_at__isnull=True
    ).values_list("party_id", "section_in_force__group")
    for party, charged_group in charges:
        groups[party].add(charged_group or "")
    keyed = ((area, day, group, p) for p, area, day in arrests if group in groups[p])
    return _count_people(keyed).get(group, [])


def _group_source(group: str) -> Callable[..., list[Row]]:
    def source(prefix: str = "", start=None, end=None) -> list[Row]:
        return _arrested_in_group(group, prefix, start, end)

    source.__name__ = f"arrested_{group}"
    return source


def _operation_sum(field: str, prefix: str, start, end) -> Iterable[Row]:
    Operation = _model("cases", "Operation")
    return _grouped(
        Operation.objects.filter(status="held", case__deleted_at__isnull=True),
        area=Coalesce("area__code", "case__area__code"),
        day=TruncDate(Coalesce("held_at", "planned_for")),
        value=Sum(field),
        prefix=prefix,
        start=start,
        end=end,
    )


def foreigners_inspected(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Foreigners checked at held operations (the headcount recorded with the result)."""
    return _operation_sum("foreigners_inspected", prefix, start, end)


def foreigners_in_breach(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _operation_sum("foreigners_in_breach", prefix, start, end)


def departures_prevented(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _operation_sum("departures_prevented", prefix, start, end)


def people_brought_back(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _operation_sum("people_brought_back", prefix, start, end)


def accounts_frozen(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Bank accounts frozen, as recorded on the case (seizure line 'bank accounts frozen')."""
    return _seized("frozen", prefix, start, end)


def _first_per(rows: Iterable[tuple[int, str, dt.date]], start, end) -> list[Row]:
    """(key, area, day) → each key counted once, on its earliest day, if that day is in range."""
    first: dict[int, tuple[str, dt.date]] = {}
    for key, area, day in rows:
        if day is not None and (key not in first or day < first[key][1]):
            first[key] = (area, day)
    totals: dict[tuple[str, dt.date], int] = defaultdict(int)
    for area, day in first.values():
        if (start is None or day >= start) and (end is None or day <= end):
            totals[(area, day)] += 1
    return [Row(area, day, "", n) for (area, day), n in totals.items()]


def cases_to_prosecutor(prefix: str = "", start=None, end=None) -> list[Row]:
    """Cases whose inquiry file went to the public prosecutor, once per case, on the day the
    first file was sent."""
    Prosecution = _model("cases", "Prosecution")
    qs = Prosecution.objects.filter(
        inquiry_file_sent_on__isnull=False, party__case__deleted_at__isnull=True
    )
    if prefix:
        qs = qs.filter(party__case__area__code__startswith=prefix)
    rows = qs.values_list("party__case_id", "party__case__area__code", "inquiry_file_sent_on")
    return _first_per(rows, start, end)


def fraud_victims(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """People recorded as victims of the fraud (role victim), not screened as trafficking
    victims: the two are counted apart."""
    CaseParty = _model("cases", "CaseParty")
    qs = CaseParty.objects.filter(role="victim", case__deleted_at__isnull=True).exclude(
        screening="victim"
    )
    return _grouped(
        qs,
        area="case__area__code",
        day=TruncDate("created_at"),
        value=Count("person", distinct=True),
        prefix=prefix,
        start=start,
        end=end,
    )


def trafficking_victims(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """People screened as trafficking victims (ATIP s.29), by the day of screening."""
    CaseParty = _model("cases", "CaseParty")
    return _grouped(
        CaseParty.objects.filter(screening="victim", case__deleted_at__isnull=True),
        area="case__area__code",
        day=Coalesce("screened_on", TruncDate("created_at")),
        value=Count("person", distinct=True),
        prefix=prefix,
        start=start,
        end=end,
    )


def victims_referred(prefix: str = "", start=None, end=None) -> list[Row]:
    """Screened trafficking victims referred for protection (พมจ., ศปคม.จังหวัด, a shelter), once
    per person, on the day of the first referral."""
    VictimReferral = _model("cases", "VictimReferral")
    qs = VictimReferral.objects.filter(party__case__deleted_at__isnull=True)
    if prefix:
        qs = qs.filter(party__case__area__code__startswith=prefix)
    rows = qs.values_list("party_id", "party__case__area__code", "referred_on")
    return _first_per(rows, start, end)


def _measures(kinds: tuple[str, ...], prefix: str, start, end) -> Iterable[Row]:
    Measure = _model("misconduct", "InterimMeasure")
    return _grouped(
        Measure.objects.filter(kind__in=kinds, matter__deleted_at__isnull=True),
        area="matter__area__code",
        day="ordered_on",
        value=Count("matter", distinct=True),
        dim=_accused_dim("matter__"),
        prefix=prefix,
        start=start,
        end=end,
    )


def officials_suspended(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Officials suspended (พักราชการ) or removed pending the inquiry (ให้ออกไว้ก่อน), by the day
    of the order."""
    return _measures(("suspension", "removed"), prefix, start, end)


def officials_transferred(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _measures(("transfer",), prefix, start, end)


ENFORCEMENT_SOURCES: dict[str, Callable[..., Iterable[Row]]] = {
    "arrested_thai": arrested_thai,
    "arrested_foreign": arrested_foreign,
    **{f"arrested_{g}": _group_source(g) for g in LAW_GROUPS},
    "foreigners_inspected": foreigners_inspected,
    "foreigners_in_breach": foreigners_in_breach,
    "cases_to_prosecutor": cases_to_prosecutor,
    "departures_prevented": departures_prevented,
    "people_brought_back": people_brought_back,
    "accounts_frozen": accounts_frozen,
    "fraud_victims": fraud_victims,
    "victims_identified": trafficking_victims,
    "victims_referred": victims_referred,
    "officials_suspended": officials_suspended,
    "officials_transferred": officials_transferred,
}
