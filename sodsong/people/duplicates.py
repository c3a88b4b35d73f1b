"""Deciding a possible duplicate (#17 C1): someone who may see both people either merges the
newer record into the earlier one, or dismisses the flag (not the same person). Both audited.

A merge moves everything that refers to the newer person (survey resident, case parties, watch
reports, official profiles, identity documents, other flags) onto the earlier one, found through
the model's reverse relations so that people, the core, imports none of the modules built on
it; the newer record is then removed (soft delete, with the earlier one's id as the reason).
Two records in different compartments (a case's informant and a registry resident, say) are
never merged: that would carry a protected identity into the registry or the other way."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.services import record_soft_delete
from sodsong.people.matching import OBJECT_TYPE
from sodsong.people.models import Person, PossibleDuplicate, Resolution
from sodsong.people.selectors import person_visible
from sodsong.people.services import PersonError


class DuplicateNotAllowed(PersonError):
    """The user may not decide this flag (he does not see both people, or it is decided)."""


def _check(user: Any, flag: PossibleDuplicate) -> PossibleDuplicate:
    flag = (
        PossibleDuplicate.objects.select_for_update()
        .select_related("existing", "candidate")
        .get(pk=flag.pk)
    )
    if flag.resolved_at is not None:
        raise DuplicateNotAllowed(_("This possible duplicate has already been decided."))
    for person in (flag.existing, flag.candidate):
        if person.is_deleted or not person_visible(user=user, person=person, compartments=True):
            raise DuplicateNotAllowed(_("You may not decide this possible duplicate."))
    return flag


def _resolve(user: Any, flag: PossibleDuplicate, resolution: str, detail: dict) -> None:
    flag.resolved_at = timezone.now()
    flag.resolution = resolution
    flag.resolved_by = user
    flag.save(update_fields=["resolved_at", "resolution", "resolved_by", "updated_at"])
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type=OBJECT_TYPE,
        object_ids=[flag.uuid, flag.existing.uuid, flag.candidate.uuid],
        detail={"resolution": resolution, **detail},
        area_code=flag.existing.area.code,
    )


@transaction.atomic
def duplicate_dismiss(*, user: Any, flag: PossibleDuplicate) -> PossibleDuplicate:
    """Not the same person: the flag is closed, both records stay as they are."""
    flag = _check(user, flag)
    _resolve(user, flag, Resolution.DISMISSED, {})
    return flag


def _references(person_model: type[models.Model]) -> list[Any]:
    """Every relation that points at a person from another model (hidden ones included)."""
    return [
        f
        for f in person_model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one or f.many_to_many)
    ]


def _move_flags(flag: PossibleDuplicate, name: str, fold: Person, keep: Person) -> int:
    """The other flags naming the folded person (as `name`) name the kept one instead; one that
    would name him twice, or repeat a flag he already has, goes."""
    other = "candidate" if name == "existing" else "existing"
    flags = PossibleDuplicate._base_manager.exclude(pk=flag.pk)
    count = 0
    for dup in flags.filter(**{name: fold}):
        other_id = getattr(dup, f"{other}_id")
        repeated = flags.filter(
            **{name: keep, f"{other}_id": other_id, "doc_type": dup.doc_type}
        ).exists()
        if other_id == keep.pk or repeated:
            dup.delete()
            continue
        setattr(dup, name, keep)
        dup.save(update_fields=[name, "updated_at"])
        count += 1
    return count


@transaction.atomic
def duplicate_merge(*, user: Any, flag: PossibleDuplicate) -> Person:
    """The newer record (the flag's candidate) is folded into the earlier one (the holder of the
    document): what refers to it moves, and it is removed. Refused, with nothing changed, for
    records in different compartments, two survey residents, or a move that would record one
    person twice in the same place (the same role in the same case)."""
    flag = _check(user, flag)
    keep, fold = flag.existing, flag.candidate
    if (keep.compartment, keep.compartment_ref) != (fold.compartment, fold.compartment_ref):
        raise PersonError(
            _("These records are kept apart (a case or matter holds one of them): dismiss it.")
        )
    moved: dict[str, int] = {}
    try:
        with transaction.atomic():
            for relation in _references(Person):
                model = relation.related_model
                if relation.many_to_many:
                    through = relation.through
                    column = relation.field.m2m_reverse_field_name()
                    other = relation.field.m2m_field_name()
                    links = through._base_manager.filter(**{column: fold})
                    taken = through._base_manager.filter(**{column: keep}).values(other)
                    links.filter(**{f"{other}__in": taken}).delete()
                    count = links.update(**{column: keep})
                else:
                    name = relation.field.name
                    if model is PossibleDuplicate:
                        count = _move_flags(flag, name, fold, keep)
                        if count:
                            moved["people.possibleduplicate"] = count
                        continue
                    both = relation.one_to_one and all(
                        model._base_manager.filter(**{name: p}).exists() for p in (keep, fold)
                    )
                    if both:
                        raise PersonError(
                            _("Both records are survey residents: close one of them first.")
                        )
                    count = model._base_manager.filter(**{name: fold}).update(**{name: keep})
                if count:
                    label = model._meta.label_lower
                    moved[label] = moved.get(label, 0) + count
    except IntegrityError as exc:
        raise PersonError(
            _("The two records cannot be merged: both hold the same place in one record.")
        ) from exc
    fold.refresh_from_db()
    record_soft_delete(
        record=fold, actor_id=getattr(user, "pk", None), reason=f"merged into {keep.uuid}"
    )
    flag.refresh_from_db()
    _resolve(user, flag, Resolution.MERGED, {"moved": moved})
    return keep
