"""The law catalogue: loading the shipped data, revising a section, and choosing the text that
applies to an offence.

`catalogue_load` takes the model classes as arguments so that the data migration (with
`apps.get_model`) and the `sodsong load-laws` command share it. Loading is idempotent: a section
that already holds the same text is left alone; a changed one gets a new revision row and the old
row is kept (charges laid under it still point at it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

DATA_PATH = Path(__file__).resolve().parent / "data" / "laws.json"

SECTION_FIELDS = (
    "section",
    "paragraph",
    "item",
    "penalty_section",
    "offence_th",
    "offence_en",
    "min_years",
    "max_years",
    "min_fine",
    "max_fine",
    "fine_per_day",
    "fine_unit",
    "penalty_mode",
    "victim_protected",
    "deportation",
    "needs_verification",
    "note",
    "heaviest",
    "additional_th",
    "kind",
)
# Updated in place on reload: they describe a row (its group for the ministry's returns, where
# its text was read) without changing the text a charge was laid under.
METADATA_FIELDS = ("group", "source")
VERSION_FIELDS = ("cited_as_th", "changes", "amendments", "source")
_DEFAULTS: dict[str, Any] = {
    "paragraph": "",
    "item": "",
    "penalty_section": "",
    "min_years": None,
    "max_years": None,
    "min_fine": None,
    "max_fine": None,
    "fine_per_day": None,
    "fine_unit": "",
    "penalty_mode": "",
    "victim_protected": False,
    "deportation": False,
    "needs_verification": False,
    "note": "",
    "heaviest": "",
    "additional_th": "",
    "kind": "offence",
    "group": "",
    "source": "",
}


class LawError(ValueError):
    """A charge cannot be matched to the catalogue; the message is for the user."""


@dataclass
class LoadResult:
    laws: int = 0
    versions: int = 0
    created: int = 0
    revised: int = 0
    unchanged: int = 0


def read_catalogue(path: Path = DATA_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _normalise(field: str, value: Any) -> Any:
    if field in ("min_years", "max_years") and value is not None:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return value


def _section_values(
    raw: dict[str, Any], fields: tuple[str, ...] = SECTION_FIELDS
) -> dict[str, Any]:
    return {f: _normalise(f, raw.get(f, _DEFAULTS.get(f))) for f in fields}


def _known(model: Any, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields this (possibly historical, migration-time) model has: an older migration
    loading today's file skips the fields added since."""
    names = {f.name for f in model._meta.get_fields()}
    return tuple(f for f in fields if f in names)


def catalogue_load(
    data: dict[str, Any], *, law_model: Any, version_model: Any, section_model: Any
) -> LoadResult:
    result = LoadResult()
    content = _known(section_model, SECTION_FIELDS)
    metadata = _known(section_model, METADATA_FIELDS)
    version_extra = _known(version_model, VERSION_FIELDS)
    for raw_law in data["laws"]:
        law, _created = law_model.objects.update_or_create(
            code=raw_law["code"],
            defaults={"title_th": raw_law["title_th"], "title_en": raw_law["title_en"]},
        )
        result.laws += 1
        for raw_version in raw_law["versions"]:
            version, _created = version_model.objects.update_or_create(
                law=law,
                label=raw_version["label"],
                defaults={
                    "label_th": raw_version["label_th"],
                    "effective_from": dt.date.fromisoformat(raw_version["effective_from"]),
                    "needs_verification": raw_version.get("needs_verification", False),
                    "note": raw_version.get("note", ""),
                    **{
                        f: raw_version.get(f, [] if f == "amendments" else "")
                        for f in version_extra
                    },
                },
            )
            result.versions += 1
            for raw_section in raw_version["sections"]:
                raw_section = {"group": raw_law.get("group", ""), **raw_section}
                values = _section_values(raw_section, content)
                meta = _section_values(raw_section, metadata)
                current = (
                    section_model.objects.filter(
                        version=version, key=raw_section["key"], superseded_by__isnull=True
                    )
                    .order_by("-revision")
                    .first()
                )
                if current is None:
                    section_model.objects.create(
                        version=version, key=raw_section["key"], **values, **meta
                    )
                    result.created += 1
                    continue
                if all(_normalise(f, getattr(current, f)) == v for f, v in values.items()):
                    stale = [f for f, v in meta.items() if getattr(current, f) != v]
                    if stale:
                        for f in stale:
                            setattr(current, f, meta[f])
                        current.save(update_fields=[*stale, "updated_at"])
                    result.unchanged += 1
                    continue
                new = section_model.objects.create(
                    version=version,
                    key=raw_section["key"],
                    revision=current.revision + 1,
                    **values,
                    **meta,
                )
                current.superseded_by = new
                current.save(update_fields=["superseded_by", "updated_at"])
                result.revised += 1
    return result


def load_shipped_catalogue() -> LoadResult:
    from sodsong.cases.models import Law, LawSection, LawVersion

    with transaction.atomic():
        return catalogue_load(
            read_catalogue(), law_model=Law, version_model=LawVersion, section_model=LawSection
        )


@transaction.atomic
def law_section_revise(*, section: Any, changes: dict[str, Any]) -> Any:
    """An admin's correction of a section: a new revision row; the old row stays for the charges
    already laid under it."""
    from sodsong.cases.models import LawSection

    current = LawSection.objects.select_for_update().get(pk=section.pk)
    if current.superseded_by_id is not None:
        raise LawError(_("This section has already been revised; edit its latest revision."))
    unknown = set(changes) - set(SECTION_FIELDS)
    if unknown:
        raise LawError(_("Unknown field of a law section."))
    values = {f: getattr(current, f) for f in SECTION_FIELDS}
    values.update({f: _normalise(f, v) for f, v in changes.items()})
    if values == {f: getattr(current, f) for f in SECTION_FIELDS}:
        return current
    meta = {f: getattr(current, f) for f in METADATA_FIELDS}
    new = LawSection.objects.create(
        version=current.version, key=current.key, revision=current.revision + 1, **values, **meta
    )
    current.superseded_by = new
    current.save(update_fields=["superseded_by", "updated_at"])
    return new


@dataclass(frozen=True)
class AppliedLaw:
    in_force: Any  # LawSection
    applied: Any  # LawSection
    later_more_favourable: bool


def resolve_section(
    *, law_code: str, key: str, offence_date: dt.date, as_of: dt.date
) -> AppliedLaw:
    """The text in force on the offence date, and the one to apply: a later text applies if it
    is more favourable to the accused (Penal Code s.3)."""
    from sodsong.cases.models import LawSection

    rows = list(
        LawSection.objects.filter(version__law__code=law_code, key=key, superseded_by__isnull=True)
        .select_related("version", "version__law")
        .order_by("version__effective_from")
    )
    if not rows:
        raise LawError(_("This section is not in the law catalogue."))
    if offence_date > as_of:
        raise LawError(_("The offence date is in the future."))
    earlier = [r for r in rows if r.version.effective_from <= offence_date]
    if not earlier:
        raise LawError(_("No version of this law was in force on the offence date."))
    in_force = earlier[-1]
    later = [r for r in rows if in_force.version.effective_from < r.version.effective_from <= as_of]
    applied = in_force
    for candidate in later:
        if candidate.severity() < applied.severity():
            applied = candidate
    return AppliedLaw(in_force=in_force, applied=applied, later_more_favourable=applied != in_force)
