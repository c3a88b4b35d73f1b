"""Passing down routes each item to the actors it names (issue #20 "Directives"): the arrest
order meant for police and immigration is not sent to headmen; items naming กำนัน/ผู้ใหญ่บ้าน go
to them. Deadlines and warnings are shown in Thai words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sodsong.directives import selectors, services
from sodsong.directives.models import Assignment

pytestmark = pytest.mark.django_db

CIRCULAR = Path(__file__).parent / "letters" / "circular_2567_online_crime.txt"
RECEIVED = dt.date(2024, 6, 14)


def _issued_circular(personas):  # type: ignore[no-untyped-def]
    directive = services.directive_from_upload(
        user=personas.province, text=CIRCULAR.read_text(encoding="utf-8"), received_on=RECEIVED
    )
    assert directive.signatory_rank == "ว่าที่ร้อยตรี"
    choices = selectors.recipient_choices(directive=directive)
    keys = selectors.default_recipient_keys(directive=directive, choices=choices)
    services.directive_issue(
        user=personas.province, directive=directive, recipient_keys=keys, received_on=RECEIVED
    )
    return directive


def test_passing_down_routes_each_item_to_the_actors_it_names(personas):
    directive = _issued_circular(personas)
    # Every district office gets both items (it acts or relays).
    own = selectors.my_assignments(user=personas.district, directive=directive)
    assert sorted(a.item.ref for a in own) == ["1", "2"]
    child = services.pass_down(user=personas.district, directive=directive, received_on=RECEIVED)
    rows = Assignment.objects.filter(directive=child).select_related("item", "recipient_agency")
    by_item: dict[str, set[str]] = {}
    for a in rows:
        kind = "village" if a.recipient_user_id else a.recipient_agency.kind
        by_item.setdefault(a.item.ref, set()).add(kind)
    # Item 1 (arrests with police and immigration) reaches no kamnan or headman.
    assert "village" not in by_item.get("1", set())
    # Item 2 names kamnan, headmen and local bodies: it goes to them.
    assert {"village", "local_gov"} <= by_item["2"]
    headman = selectors.my_assignments(user=personas.headman, directive=child)
    assert [a.item.ref for a in headman] == ["2"]


def test_an_agency_recipient_gets_only_the_items_that_name_it(personas):
    directive = services.directive_from_upload(
        user=personas.province, text=CIRCULAR.read_text(encoding="utf-8"), received_on=RECEIVED
    )
    choices = selectors.recipient_choices(directive=directive)
    police = [c.key for c in choices if c.agency is not None and c.agency.kind == "police"]
    assert police
    services.directive_issue(
        user=personas.province, directive=directive, recipient_keys=police, received_on=RECEIVED
    )
    refs = set(Assignment.objects.filter(directive=directive).values_list("item__ref", flat=True))
    assert refs == {"1"}


def test_the_directive_page_says_from_and_to_and_deadlines_in_thai(personas, login):
    text = (Path(__file__).parent / "letters" / "letter_01.txt").read_text(encoding="utf-8")
    text = text.replace("ให้จังหวัดทราบภายในวันที่ ๑๕ กรกฎาคม ๒๕๖๗", "ให้จังหวัดทราบภายใน ๓๐ วัน")
    directive = services.directive_from_upload(user=personas.province, text=text)
    choices = selectors.recipient_choices(directive=directive)
    keys = selectors.default_recipient_keys(directive=directive, choices=choices)
    services.directive_issue(
        user=personas.province, directive=directive, recipient_keys=keys, received_on=RECEIVED
    )
    client = login(personas.province)
    html = client.get(f"/directives/{directive.uuid}/").content.decode()
    assert "จาก:" in html and "ถึง:" in html
    assert "ตั้งแต่:" not in html and "ถึงวันที่:" not in html
    assert "P30D" not in html and "2024-07-15" not in html
    assert "ภายใน 30 วัน (15 ก.ค. 2567)" in html


def test_the_review_page_tells_the_parser_warnings_in_thai(personas, login):
    directive = services.directive_from_upload(
        user=personas.province, text=CIRCULAR.read_text(encoding="utf-8"), received_on=RECEIVED
    )
    client = login(personas.province)
    html = client.get(f"/directives/{directive.uuid}/review/").content.decode()
    for code in ("province_mismatch", "damaged_date", "doubled_character", "misspelt_word"):
        assert code not in html
    assert "บรรทัดวันที่ชำรุด" in html and "เด็ดขาด" in html


# --- long letters and limits through the upload page (issue #17 item 8) ------------------------


def _long_letter() -> str:
    text = CIRCULAR.read_text(encoding="utf-8")
    filler = "\n".join(f"ข้อมูลประกอบบรรทัดที่ {n} รายละเอียดการประชุมคณะกรรมการ" for n in range(1, 800))
    return text.replace("ในการนี้...", filler + "\n\nในการนี้...", 1)


def test_a_long_letter_is_read_by_a_job_not_in_the_request(
    personas, login, django_capture_on_commit_callbacks
):
    from sodsong.directives.models import Directive
    from sodsong.jobs.models import JobRun

    text = _long_letter()
    assert len(text) > 30_000
    client = login(personas.province)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post("/directives/new/", {"text": text})
    assert page.status_code == 302
    directive = Directive.objects.filter(created_by=personas.province).latest("created_at")
    run = JobRun.objects.get(name="parse-letter", requested_by=personas.province)
    assert not directive.items.exists()  # not parsed in the request
    waiting = client.get(page["Location"]).content.decode()
    assert "job-progress" in waiting
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == JobRun.Status.DONE, run.message
    directive.refresh_from_db()
    assert [i.ref for i in directive.items.order_by("position")] == ["1", "2"]
    review = client.get(page["Location"]).content.decode()
    assert "job-progress" not in review and directive.subject in review


def test_a_letter_over_the_limit_is_refused_with_a_thai_message(personas, login):
    from sodsong.directives.models import Directive

    before = Directive.objects.count()
    client = login(personas.province)
    page = client.post("/directives/new/", {"text": "ก" * 200_001})
    html = page.content.decode()
    assert page.status_code == 200 and "200,000" in html and "ตัวอักษร" in html
    assert Directive.objects.count() == before


def test_the_measure_window_never_runs_backwards(personas):
    from sodsong.directives.measures import _window

    text = (Path(__file__).parent / "letters" / "letter_01.txt").read_text(encoding="utf-8")
    directive = services.directive_from_upload(user=personas.province, text=text)
    choices = selectors.recipient_choices(directive=directive)
    keys = selectors.default_recipient_keys(directive=directive, choices=choices)
    # Received after its printed deadline (15 July 2024): due before receipt.
    services.directive_issue(
        user=personas.province,
        directive=directive,
        recipient_keys=keys,
        received_on=dt.date(2024, 8, 1),
    )
    item = directive.items.order_by("position").last()
    start, end = _window(item, "47")
    assert start == dt.date(2024, 8, 1) and end >= start


def _hostile_documents():  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is not installed
    from benchmarks.hard import hostile_files

    return hostile_files.DOCUMENTS


# "pdf-launch-in-object-stream" is left out: its generator re-encodes the compressed stream as
# UTF-8, so the stream no longer inflates and core.uploads.check_pdf passes it for attachments as
# well (reported; outside this module).
@pytest.mark.parametrize(
    "case", [c[0] for c in _hostile_documents() if c[0] != "pdf-launch-in-object-stream"]
)
def test_hostile_letter_files_are_refused_with_a_thai_message(personas, case):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    from sodsong.directives.models import Directive

    _, name, make = next(c for c in _hostile_documents() if c[0] == case)
    before = Directive.objects.count()
    upload = SimpleUploadedFile(name, make())
    with pytest.raises(services.DirectiveError) as refused:
        services.directive_from_upload(user=personas.province, upload=upload)
    assert re.search(r"[\u0e00-\u0e7f]", str(refused.value)), str(refused.value)
    assert Directive.objects.count() == before
