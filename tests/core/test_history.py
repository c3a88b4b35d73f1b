"""One history mechanism for every domain record: versions, soft delete, legal hold, purge."""

import pytest
from django.contrib.contenttypes.models import ContentType

from sodsong.audit.models import AuditEvent
from sodsong.core.context import acting_as, actor_for
from sodsong.core.models import RecordVersion
from sodsong.core.services import (
    LegalHoldError,
    NotDeletedError,
    record_purge,
    record_restore,
    record_set_legal_hold,
    record_soft_delete,
)
from sodsong.geo.models import Area
from sodsong.people.models import Person
from sodsong.people.services import person_create, person_update_names


@pytest.fixture
def village(db):
    return Area.objects.filter(level="village", code__startswith="4701").order_by("code").first()


@pytest.fixture
def person(village, personas):
    with acting_as(actor_for(personas.headman)):
        return person_create(
            area=village, source="test", given_name_latin="Aung", nationality="MMR"
        )


def versions_of(record):
    return list(
        RecordVersion.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_uuid=record.uuid
        ).order_by("version")
    )


def test_creating_a_record_writes_version_one_with_its_author(person, personas):
    [version] = versions_of(person)
    assert version.action == "create"
    assert version.actor == personas.headman
    assert version.snapshot["given_name_latin"] == "Aung"


def test_changing_a_record_writes_a_version_with_the_changed_fields(person, personas):
    with acting_as(actor_for(personas.district)):
        person_update_names(person=person, family_name_latin="Win")
    latest = versions_of(person)[-1]
    assert latest.version == 2
    assert latest.action == "change"
    assert latest.actor == personas.district
    assert "family_name_latin" in latest.changed_fields
    assert "given_name_latin" not in latest.changed_fields


def test_history_and_audit_never_copy_excluded_secret_fields(personas):
    from sodsong.accounts.services import token_issue

    token, plain = token_issue(user=personas.headman, name="x")
    [version] = versions_of(token)
    assert "token_hash" not in version.snapshot
    assert all(plain not in str(e.detail) for e in AuditEvent.objects.all())


def test_soft_delete_hides_the_record_but_keeps_it(person, personas):
    with acting_as(actor_for(personas.district)):
        record_soft_delete(record=person, actor_id=personas.district.pk, reason="duplicate")
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Person.all_objects.filter(pk=person.pk).exists()
    assert versions_of(person)[-1].action == "soft_delete"


def test_soft_delete_needs_a_reason(person):
    with pytest.raises(ValueError):
        record_soft_delete(record=person, actor_id=None, reason="  ")


def test_restore_brings_a_deleted_record_back(person):
    record_soft_delete(record=person, actor_id=None, reason="mistake")
    record_restore(record=person)
    assert Person.objects.filter(pk=person.pk).exists()
    assert versions_of(person)[-1].action == "restore"


def test_legal_hold_stops_a_purge(person):
    record_set_legal_hold(record=person, hold=True, reason="court order 12/2569")
    record_soft_delete(record=person, actor_id=None, reason="retention")
    with pytest.raises(LegalHoldError):
        record_purge(record=person)
    assert Person.all_objects.filter(pk=person.pk).exists()


def test_legal_hold_needs_a_reason(person):
    with pytest.raises(ValueError):
        record_set_legal_hold(record=person, hold=True, reason="")


def test_purge_refuses_a_record_that_was_not_deleted_first(person):
    with pytest.raises(NotDeletedError):
        record_purge(record=person)


def test_purge_removes_the_record_and_empties_its_history_snapshots(person):
    record_soft_delete(record=person, actor_id=None, reason="retention expired")
    record_purge(record=person)
    assert not Person.all_objects.filter(pk=person.pk).exists()
    history = versions_of(person)
    assert history[-1].action == "purge"
    # The trace that the record existed stays; its personal values do not.
    assert all(v.snapshot == {} for v in history)


def test_every_change_of_a_domain_record_is_audited_with_ids_only(person):
    events = AuditEvent.objects.filter(object_type="people.person", action="create")
    event = events.get(object_ids__icontains=str(person.uuid))
    assert event.object_ids == [str(person.uuid)]
    assert "Aung" not in str(event.detail)


def test_a_version_number_taken_meanwhile_by_another_save_is_not_an_error(person, monkeypatch):
    """Two saves of one record that are not serialised (no row lock, or outside a transaction)
    both read the same last version; the second insert of "last + 1" broke the unique
    constraint: the IntegrityError PostgreSQL gave under concurrent edits (issue 18). History
    now takes the next free number instead."""
    real_create = RecordVersion.objects.create
    raced = []

    def create_after_another_writer(**fields):  # type: ignore[no-untyped-def]
        if not raced:  # the other writer's version lands between our read and our insert
            raced.append(real_create(**{**fields, "snapshot": {}, "changed_fields": []}))
        return real_create(**fields)

    monkeypatch.setattr(RecordVersion.objects, "create", create_after_another_writer)
    with acting_as(actor_for(None)):
        person.given_name_latin = "Aung Ko"
        person.save()
    # (On one connection the competing row goes with the savepoint retried; on two it stays.)
    numbers = [v.version for v in versions_of(person)]
    assert len(raced) == 1 and numbers == list(range(1, len(numbers) + 1))
    assert versions_of(person)[-1].snapshot["given_name_latin"] == "Aung Ko"
