"""Issue #17 items 1 and 7 through the survey: registering a resident, or importing a sheet,
with a document already recorded reveals nothing about a holder out of the user's reach (no id,
no name, no differing fields); a holder within reach is named as before; what an import compared
is audited."""

from __future__ import annotations

from django.test import Client

from sodsong.accounts.models import ApiToken
from sodsong.accounts.services import token_issue
from sodsong.audit.models import AuditEvent
from sodsong.core.services import record_soft_delete
from sodsong.people.models import DocumentType, PossibleDuplicate
from sodsong.people.services import DocumentInput, person_create
from sodsong.survey.importing import jobs
from sodsong.survey.models import Resident

from .test_import import _row, _upload, _xlsx


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    _, plain = token_issue(user=user, name="test", scope=ApiToken.Scope.WRITE)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _holder(area, number: str, given: str = "Faraway"):  # type: ignore[no-untyped-def]
    return person_create(
        area=area,
        source="village survey",
        given_name_latin=given,
        family_name_latin="Holder",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", number)],
    )


def _register(client: Client, village, number: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/survey/residents",
        {
            "village_code": village.code,
            "given_name_latin": "Newcomer",
            "family_name_latin": "Test",
            "nationality": "MMR",
            "documents": [{"doc_type": "passport", "issuing_state": "MMR", "number": number}],
        },
        content_type="application/json",
    )


def test_a_document_held_out_of_reach_registers_the_resident_and_reveals_nothing(
    personas, village, village2
):
    holder = _holder(village, "MR100001")
    response = _register(_client(personas.headman2), village2, "MR100001")
    assert response.status_code == 201, response.content
    text = response.content.decode()
    assert str(holder.uuid) not in text and "Faraway" not in text
    resident = Resident.objects.get(uuid=response.json()["uuid"])
    assert resident.person != holder and not resident.person.documents.exists()
    assert PossibleDuplicate.objects.filter(existing=holder, candidate=resident.person).exists()


def test_a_document_held_within_reach_is_refused_with_its_holder(personas, village):
    holder = _holder(village, "MR100002")
    response = _register(_client(personas.headman), village, "MR100002")
    assert response.status_code == 422
    assert str(holder.uuid) in response.json()["error"]["message"]


def test_the_resident_form_reveals_nothing_about_a_holder_out_of_reach(
    personas, login, village, village2
):
    holder = _holder(village, "MR100003")
    page = login(personas.headman2).post(
        "/survey/residents/new/",
        {
            "village": village2.code,
            "given_name_latin": "Newcomer",
            "nationality": "MMR",
            "doc_type": "passport",
            "doc_state": "MMR",
            "doc_number": "MR100003",
            "status": "living",
        },
    )
    assert page.status_code == 302, page.content.decode()[-2000:]
    assert str(holder.uuid) not in page.content.decode() + page["Location"]
    assert PossibleDuplicate.objects.filter(existing=holder).exists()


def test_the_import_dry_run_compares_only_within_the_importers_reach(personas, village, village2):
    holder = _holder(village, "MR100004", given="Min")
    job = _upload(personas.headman2, _xlsx([_row(village2.code, "MR100004")]))
    assert (job.error_rows, job.conflict_rows, job.unchanged_rows) == (0, 0, 0)
    report = str(job.report)
    assert str(holder.uuid) not in report and "conflicts': []" in report
    compared = AuditEvent.objects.filter(detail__import_job=str(job.uuid))
    assert all(str(holder.uuid) not in event.object_ids for event in compared)


def test_a_removed_person_is_not_compared_either(personas, village):
    holder = _holder(village, "MR100005", given="Min")
    record_soft_delete(record=holder, actor_id=None, reason="test")
    job = _upload(personas.headman, _xlsx([_row(village.code, "MR100005")]))
    assert (job.error_rows, job.new_rows) == (0, 1) and str(holder.uuid) not in str(job.report)


def _outcome(job) -> tuple:  # type: ignore[no-untyped-def]
    return (job.total_rows, job.new_rows, job.unchanged_rows, job.conflict_rows, job.error_rows)


def test_an_import_row_with_a_document_held_out_of_reach_imports_like_an_unknown_number(
    personas, village, village2
):
    """#17 C1 residual: a sheet row whose passport (or visa, or work permit) is held by someone
    out of the importer's reach is no longer refused as "already recorded elsewhere" (which told
    that the number exists): the dry run and the commit answer exactly as for a number nobody
    holds, the new resident is recorded without that document, and a `PossibleDuplicate` is
    recorded by the same service as for case parties and registered residents."""
    holder = _holder(village, "MR100204", given="Faraway")
    visa_holder = person_create(
        area=village,
        source="village survey",
        given_name_latin="Visa",
        documents=[DocumentInput(DocumentType.VISA, "THA", "VH100204")],
    )
    held = _upload(
        personas.headman2,
        _xlsx(
            [
                _row(village2.code, "MR100204", given_name_latin="Aung"),
                _row(village2.code, "MR100205", given_name_latin="Kyaw", visa_number="VH100204"),
            ]
        ),
    )
    nobody = _upload(
        personas.headman2,
        _xlsx(
            [
                _row(village2.code, "MR100206", given_name_latin="Aung"),
                _row(village2.code, "MR100207", given_name_latin="Kyaw", visa_number="VH100207"),
            ]
        ),
    )
    assert _outcome(held) == _outcome(nobody) == (2, 2, 0, 0, 0)
    assert held.report["errors"] == nobody.report["errors"] == []
    text = str(held.report)
    assert str(holder.uuid) not in text and "Faraway" not in text
    held = jobs.import_commit(job=held, user=personas.headman2)
    nobody = jobs.import_commit(job=nobody, user=personas.headman2)
    assert _outcome(held) == _outcome(nobody) and held.status == nobody.status
    aungs = Resident.objects.filter(person__given_name_latin="Aung", area=village2)
    assert aungs.filter(person__documents__number="MR100206").exists()
    (aung,) = [r.person for r in aungs if not r.person.documents.exists()]  # held stays off
    kyaw = Resident.objects.get(person__documents__number="MR100205").person
    assert set(kyaw.documents.values_list("number", flat=True)) == {"MR100205"}
    flags = PossibleDuplicate.objects.filter(candidate__in=[aung, kyaw])
    assert {(f.existing, f.candidate, f.number, f.created_by) for f in flags} == {
        (holder, aung, "MR100204", personas.headman2),
        (visa_holder, kyaw, "VH100204", personas.headman2),
    }
    logged = AuditEvent.objects.filter(object_type="people.possibleduplicate").latest("id")
    assert set(logged.object_ids) <= {str(f.uuid) for f in flags} and logged.object_ids
    assert str(holder.uuid) not in str(logged.detail)
    # Importing the same sheet again changes nothing more (the new residents match themselves).
    row = _row(village2.code, "MR100205", given_name_latin="Kyaw", visa_number="VH100204")
    again = _upload(personas.headman2, _xlsx([row]))
    assert (again.error_rows, again.new_rows, again.unchanged_rows) == (0, 0, 1)


def test_what_the_dry_run_compared_is_audited(personas, village):
    jobs.import_commit(
        job=_upload(personas.headman, _xlsx([_row(village.code, "MR100006")])),
        user=personas.headman,
    )
    job = _upload(
        personas.headman, _xlsx([_row(village.code, "MR100006", given_name_latin="Maung")])
    )
    assert job.conflict_rows == 1
    person = job.report["conflicts"][0]["person"]
    event = AuditEvent.objects.get(detail__import_job=str(job.uuid), detail__compared="dry run")
    assert event.object_ids == [person] and event.actor == personas.headman


def _add_document(client: Client, resident_uuid: str, number: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/survey/residents/{resident_uuid}/documents",
        {"doc_type": "passport", "issuing_state": "MMR", "number": number},
        content_type="application/json",
    )


def test_adding_a_document_held_out_of_reach_answers_as_a_number_nobody_holds(
    personas, village, village2
):
    """#17 C1 residual: adding a document to a resident in reach answers the same whether or not
    someone out of the user's reach holds it, so the number's existence cannot be inferred; the
    match is flagged for someone who may see both, as on registration."""
    holder = _holder(village, "MR100077")
    client = _client(personas.headman2)
    registered = _register(client, village2, "MR100078")
    assert registered.status_code == 201, registered.content
    uuid = registered.json()["uuid"]
    held = _add_document(client, uuid, "MR100077")
    nobody = _add_document(client, uuid, "MR100079")
    assert held.status_code == nobody.status_code == 201, held.content
    assert str(holder.uuid) not in held.content.decode()
    assert "Faraway" not in held.content.decode()
    person = Resident.objects.get(uuid=uuid).person
    assert PossibleDuplicate.objects.filter(existing=holder, candidate=person).exists()
    assert not holder.documents.filter(number="MR100077").exclude(person=holder).exists()


def test_the_document_form_says_saved_for_a_number_held_out_of_reach(
    personas, login, village, village2
):
    holder = _holder(village, "MR100087")
    client = _client(personas.headman2)
    uuid = _register(client, village2, "MR100088").json()["uuid"]
    page = login(personas.headman2)

    def add(number: str) -> str:
        response = page.post(
            f"/survey/residents/{uuid}/document/",
            {"doc_type": "passport", "issuing_state": "MMR", "number": number},
            follow=True,
        )
        assert response.status_code == 200
        return " ".join(str(m) for m in response.context["messages"])

    assert add("MR100087") == add("MR100089")
    assert str(holder.uuid) not in add("MR100087")


def test_a_document_held_within_reach_is_still_refused_when_added(personas, village):
    _holder(village, "MR100097")
    client = _client(personas.headman)
    uuid = _register(client, village, "MR100098").json()["uuid"]
    assert _add_document(client, uuid, "MR100097").status_code == 422
