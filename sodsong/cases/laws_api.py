"""The law catalogue API (/api/v1/laws): the laws, their versions with effective dates, and the
chargeable sections with penalty ranges. Public law, no personal data: any signed-in officer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from sodsong.cases.laws import LawError, resolve_section
from sodsong.cases.models import Law, LawSection

router = Router(tags=["laws"])


class SectionOut(Schema):
    uuid: str
    key: str
    section: str
    paragraph: str
    item: str
    penalty_section: str
    citation_th: str
    citation_en: str
    offence_th: str
    offence_en: str
    min_years: Decimal | None
    max_years: Decimal | None
    min_fine: int | None
    max_fine: int | None
    fine_per_day: int | None
    fine_unit: str
    penalty_mode: str
    victim_protected: bool
    deportation: bool
    needs_verification: bool
    note: str
    heaviest: str  # "", "life", "death": beyond the term of years
    additional_th: str
    kind: str  # "offence", or "participation" (s.83/86: cited with an offence)
    group: str
    source: str
    printed_th: str  # as officials cite it, e.g. "ประมวลกฎหมายอาญา มาตรา 343 วรรคสอง"
    revision: int

    @staticmethod
    def of(s: LawSection) -> SectionOut:
        return SectionOut(
            uuid=str(s.uuid),
            key=s.key,
            section=s.section,
            paragraph=s.paragraph,
            item=s.item,
            penalty_section=s.penalty_section,
            citation_th=s.citation_th,
            citation_en=s.citation_en,
            offence_th=s.offence_th,
            offence_en=s.offence_en,
            min_years=s.min_years,
            max_years=s.max_years,
            min_fine=s.min_fine,
            max_fine=s.max_fine,
            fine_per_day=s.fine_per_day,
            fine_unit=s.fine_unit,
            penalty_mode=s.penalty_mode,
            victim_protected=s.victim_protected,
            deportation=s.deportation,
            needs_verification=s.needs_verification,
            note=s.note,
            heaviest=s.heaviest,
            additional_th=s.additional_th,
            kind=s.kind,
            group=s.group,
            source=s.source,
            printed_th=s.printed_th,
            revision=s.revision,
        )


class VersionOut(Schema):
    uuid: str
    label: str
    label_th: str
    effective_from: dt.date
    needs_verification: bool
    note: str
    cited_as_th: str
    changes: str
    amendments: list[dict]
    source: str
    sections: list[SectionOut]


class LawOut(Schema):
    uuid: str
    code: str
    title_th: str
    title_en: str
    versions: list[VersionOut]


def _law_out(law: Law) -> LawOut:
    return LawOut(
        uuid=str(law.uuid),
        code=law.code,
        title_th=law.title_th,
        title_en=law.title_en,
        versions=[
            VersionOut(
                uuid=str(v.uuid),
                label=v.label,
                label_th=v.label_th,
                effective_from=v.effective_from,
                needs_verification=v.needs_verification,
                note=v.note,
                cited_as_th=v.citation_th,
                changes=v.changes,
                amendments=v.amendments,
                source=v.source,
                sections=[SectionOut.of(s) for s in v.sections.all() if s.superseded_by_id is None],
            )
            for v in law.versions.all()
        ],
    )


@router.get("", response=list[LawOut], summary="The law catalogue (current revisions)")
def list_laws(request: HttpRequest) -> list[LawOut]:
    laws = Law.objects.prefetch_related("versions__sections").order_by("code")
    return [_law_out(law) for law in laws]


class AppliedOut(Schema):
    in_force: SectionOut
    applied: SectionOut
    later_more_favourable: bool


@router.get(
    "/apply",
    response=AppliedOut,
    summary="The text in force on an offence date and the one to apply (Penal Code s.3)",
)
def apply_law(
    request: HttpRequest, law: str, key: str, offence_date: dt.date, as_of: dt.date | None = None
) -> AppliedOut:
    try:
        resolved = resolve_section(
            law_code=law, key=key, offence_date=offence_date, as_of=as_of or dt.date.today()
        )
    except LawError as exc:
        raise HttpError(404, "not_found") from exc
    return AppliedOut(
        in_force=SectionOut.of(resolved.in_force),
        applied=SectionOut.of(resolved.applied),
        later_more_favourable=resolved.later_more_favourable,
    )


@router.get("/{code}", response=LawOut, summary="One law with its versions")
def get_law(request: HttpRequest, code: str) -> LawOut:
    law = Law.objects.prefetch_related("versions__sections").filter(code=code).first()
    if law is None:
        raise HttpError(404, "not_found")
    return _law_out(law)
