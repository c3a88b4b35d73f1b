"""Pages of the directives module: to-do list, upload and review, compose, the compliance board,
one assignment (acknowledge, report, more time), and the circular as DOCX or PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.attachments import AttachmentError
from sodsong.core.errors import show_refusal
from sodsong.core.models import Attachment
from sodsong.directives import forms, intake, measures, selectors, services
from sodsong.directives.letters.deadlines import deadline as deadline_from_text
from sodsong.directives.models import (
    Directive,
    DirectiveStatus,
    ExtensionRequest,
    ExtensionStatus,
    Notice,
)
from sodsong.documents.letter import LetterError
from sodsong.indicators.selectors import period_queryset

OBJECT_TYPE = "directives.directive"


def _deny(detail: dict[str, str] | None = None) -> None:
    log_action(action=AuditEvent.Action.DENIED, object_type=OBJECT_TYPE, detail=detail or {})
    raise PermissionDenied


def _require_scope(request: AuthedHttpRequest) -> None:
    if scope_for(request.user).is_empty:
        _deny()


def _managed_or_404(request: AuthedHttpRequest, uuid: Any) -> Directive:
    directive = selectors.managed_directive_get(user=request.user, uuid=uuid)
    if directive is None:
        raise Http404
    return directive


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    _require_scope(request)
    user = request.user
    issued = list(
        Directive.objects.filter(selectors.board_filter(user))
        .select_related("area", "issuer_agency", "parent")
        .order_by("-created_at")[:100]
    )
    return render(
        request,
        "directives/index.html",
        {
            "nav_active": "directives",
            "todo": selectors.todo_list(user=user),
            "notices": selectors.notices_for(user=user),
            "issued": issued,
            "can_issue": selectors.can_issue(user),
        },
    )


@login_required
def upload(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.can_issue(request.user):
        _deny()
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_from_upload(
                user=request.user,
                upload=form.cleaned_data["letter"],
                text=form.cleaned_data["text"],
                received_on=form.cleaned_data["received_on"],
            )
        except services.DirectiveError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The letter was read. Check the fields, then issue it."))
            return redirect("directives:review", uuid=directive.uuid)
    return render(request, "directives/upload.html", {"form": form, "nav_active": "directives"})


def _compose_items(text: str) -> list[dict[str, Any]]:
    import re

    items = []
    today = timezone.localdate()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^\(?([0-9๐-๙]{1,2})[.)]\s*", line)
        ref = str(len(items) + 1)
        if match:
            line = line[match.end() :]
        items.append(
            {
                "ref": ref,
                "text": line,
                "deadline": deadline_from_text(line, letter_date=today) or "",
                "report_back": "รายงาน" in line,
            }
        )
    return items


@login_required
def compose(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.can_issue(request.user):
        _deny()
    form = forms.ComposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = services.directive_compose(
                user=request.user,
                kind=data["kind"],
                subject=data["subject"],
                to=data["to"],
                body=data["body"],
                items=_compose_items(data["items"]),
                urgency=data["urgency"],
                default_deadline=data["default_deadline"],
                signatory_name=data["signatory_name"],
                signatory_position=data["signatory_position"],
                acting_for=data["acting_for"],
            )
        except (services.DirectiveError, ValueError) as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("directives:review", uuid=directive.uuid)
    return render(request, "directives/compose.html", {"form": form, "nav_active": "directives"})


def _item_initial(directive: Directive) -> list[dict[str, Any]]:
    return [
        {
            "ref": i.ref,
            "text": i.text,
            "actors": ", ".join(i.actors),
            "deadline": i.deadline,
            "report_back": i.report_back,
            "indicator_codes": ", ".join(i.indicator_codes),
        }
        for i in selectors.directive_items(directive)
    ]


@login_required
def review(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    """Check and correct the parsed fields and items, then choose recipients and issue."""
    directive = _managed_or_404(request, uuid)
    if not directive.is_draft:
        return redirect("directives:detail", uuid=directive.uuid)
    run = intake.parsing_job(directive)
    if run is not None:
        # A long letter is still being read by its job (or the job failed): no fields yet.
        return render(
            request,
            "directives/reading.html",
            {
                "nav_active": "directives",
                "directive": directive,
                "run": run,
                "length": f"{len(directive.source_text):,}",
            },
        )
    initial = {name: getattr(directive, name) for name in forms.DirectiveForm.base_fields}
    choices = selectors.recipient_choices(directive=directive)
    issue_choices = [(c.key, c.label) for c in choices]
    form = forms.DirectiveForm(request.POST or None, initial=initial)
    formset = forms.ItemFormSet(
        request.POST or None, initial=_item_initial(directive), prefix="items"
    )
    issue_form = forms.IssueForm(
        request.POST if request.POST.get("action") == "issue" else None,
        choices=issue_choices,
        initial={
            "recipients": selectors.default_recipient_keys(directive=directive, choices=choices)
        },
        prefix="issue",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = [f.item() for f in formset.forms]
        try:
            services.directive_update(
                user=request.user,
                directive=directive,
                fields=form.cleaned_data,
                items=[i for i in items if i],
            )
        except services.DirectiveError as exc:
            show_refusal(request, exc, form)
        else:
            if request.POST.get("action") != "issue":
                messages.success(request, _("Saved."))
                return redirect("directives:review", uuid=directive.uuid)
            if issue_form.is_valid():
                try:
                    count = services.directive_issue(
                        user=request.user,
                        directive=directive,
                        recipient_keys=issue_form.cleaned_data["recipients"],
                        received_on=issue_form.cleaned_data["received_on"],
                    )
                except services.DirectiveError as exc:
                    show_refusal(request, exc, issue_form)
                else:
                    messages.success(
                        request, _("Issued: %(count)d items to track.") % {"count": count}
                    )
                    return redirect("directives:detail", uuid=directive.uuid)
    return render(
        request,
        "directives/review.html",
        {
            "nav_active": "directives",
            "directive": directive,
            "form": form,
            "formset": formset,
            "issue_form": issue_form,
        },
    )


def _attachments(owner: Any) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(owner), owner_uuid=owner.uuid
        )
    )


@login_required
def detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    _require_scope(request)
    directive = selectors.directive_get(user=request.user, uuid=uuid)
    if directive is None:
        raise Http404
    user = request.user
    manages = selectors.can_manage(user, directive)
    items = selectors.directive_items(directive)
    first_due: dict[int, Any] = {}
    for row in selectors.directive_assignments(user=user, directive=directive):
        if row.due_on and (row.item_id not in first_due or row.due_on < first_due[row.item_id]):
            first_due[row.item_id] = row.due_on
    for item in items:
        item.first_due = first_due.get(item.pk)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "nav_active": "directives",
        "directive": directive,
        "items": items,
        "manages": manages,
        "source_files": _attachments(directive),
        "children": list(directive.passed_down.filter(status=DirectiveStatus.ISSUED)),
        "reporting_periods": period_queryset(user=user).filter(directive=directive),
    }
    if manages:
        board_filter = forms.BoardFilter(request.GET or None)
        status = kind = "all"
        q = ""
        if board_filter.is_valid():
            status = board_filter.cleaned_data["status"] or "all"
            kind = board_filter.cleaned_data["kind"] or "all"
            q = board_filter.cleaned_data["q"]
        rows = selectors.compliance_board(
            user=user, directive=directive, status=status, kind=kind, q=q
        )
        every = selectors.compliance_board(user=user, directive=directive) or []
        context.update(
            board=rows,
            board_filter=board_filter,
            totals=selectors.board_totals(every),
            extensions=selectors.pending_extensions(user=user, directive=directive),
            measures=measures.item_measures(
                user=user, directive=directive, area_code=directive.area.code
            ),
        )
    mine = selectors.my_assignments(user=user, directive=directive)
    context["mine"] = mine
    if mine:
        context["mine_unacknowledged"] = any(a.acknowledged_at is None for a in mine)
        is_district = (
            scope_for(user).has_role("district")
            and any(a.recipient_agency_id == user.agency_id for a in mine)
            and not directive.passed_down.filter(issuer_agency=user.agency).exists()
        )
        if is_district:
            preview = Directive(issuer_agency=user.agency, area=selectors.issuer_area(user))
            choices = selectors.recipient_choices(directive=preview)
            context["pass_form"] = forms.PassDownForm(
                choices=[(c.key, c.label) for c in choices],
                initial={
                    "recipients": selectors.default_recipient_keys(
                        directive=preview,
                        choices=choices,
                        items=selectors.directive_items(directive),
                    )
                },
                prefix="pass",
            )
        if not manages:
            context["measures"] = measures.item_measures(
                user=user, directive=directive, area_code=mine[0].area.code
            )
    return render(request, "directives/detail.html", context)


@login_required
@require_POST
def acknowledge(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    directive = selectors.directive_get(user=request.user, uuid=uuid)
    if directive is None:
        raise Http404
    try:
        count = services.acknowledge(user=request.user, directive=directive)
    except PermissionDenied:
        _deny({"directive": str(directive.uuid)})
    messages.success(request, _("Acknowledged (%(count)d items).") % {"count": count})
    return redirect("directives:detail", uuid=directive.uuid)


@login_required
@require_POST
def pass_down(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    directive = selectors.directive_get(user=request.user, uuid=uuid)
    if directive is None:
        raise Http404
    area = selectors.issuer_area(request.user)
    if area is None:
        _deny({"directive": str(directive.uuid)})
    preview = Directive(issuer_agency=request.user.agency, area=area)
    choices = selectors.recipient_choices(directive=preview)
    form = forms.PassDownForm(
        request.POST, choices=[(c.key, c.label) for c in choices], prefix="pass"
    )
    if not form.is_valid():
        messages.error(request, _("Choose at least one recipient."))
        return redirect("directives:detail", uuid=directive.uuid)
    try:
        child = services.pass_down(
            user=request.user,
            directive=directive,
            recipient_keys=form.cleaned_data["recipients"],
            received_on=form.cleaned_data["received_on"],
        )
    except PermissionDenied:
        _deny({"directive": str(directive.uuid)})
    except services.DirectiveError as exc:
        show_refusal(request, exc)
        return redirect("directives:detail", uuid=directive.uuid)
    messages.success(request, _("Passed down to your kamnan, headmen and local bodies."))
    return redirect("directives:detail", uuid=child.uuid)


@login_required
@require_POST
def remind_now(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    directive = _managed_or_404(request, uuid)
    from sodsong.directives.tasks import send_reminders
    from sodsong.jobs.services import job_enqueue

    job_enqueue(
        task=send_reminders,
        name="directives.send_reminders",
        requested_by_id=request.user.pk,
        area_code=directive.area.code,
        directive_id=directive.pk,
    )
    messages.success(request, _("Reminders are being sent to those due soon or late."))
    return redirect("directives:detail", uuid=directive.uuid)


@login_required
def assignment(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    _require_scope(request)
    row = selectors.assignment_get(user=request.user, uuid=uuid)
    if row is None:
        raise Http404
    own = selectors.is_recipient(request.user, row)
    report_form = forms.ReportForm(prefix="report")
    extension_form = forms.ExtensionForm(prefix="ext")
    if request.method == "POST":
        if not own:
            _deny({"assignment": str(row.uuid)})
        action = request.POST.get("action")
        try:
            if action == "acknowledge":
                services.acknowledge(user=request.user, assignment=row)
                messages.success(request, _("Acknowledged."))
                return redirect("directives:assignment", uuid=row.uuid)
            if action == "report":
                report_form = forms.ReportForm(request.POST, request.FILES, prefix="report")
                if report_form.is_valid():
                    services.report_submit(
                        user=request.user,
                        assignment=row,
                        text=report_form.cleaned_data["text"],
                        files=report_form.cleaned_data["evidence"],
                    )
                    messages.success(request, _("Your report was sent."))
                    return redirect("directives:assignment", uuid=row.uuid)
            if action == "extension":
                extension_form = forms.ExtensionForm(request.POST, prefix="ext")
                if extension_form.is_valid():
                    services.extension_request(
                        user=request.user,
                        assignment=row,
                        until=extension_form.cleaned_data["until"],
                        reason=extension_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Your request for more time was sent."))
                    return redirect("directives:assignment", uuid=row.uuid)
        except (services.DirectiveError, AttachmentError) as exc:
            target = extension_form if action == "extension" else report_form
            target.add_error(None, str(exc))
    reports = selectors.reports_for(user=request.user, assignments=[row])
    evidence = {r.pk: _attachments(r) for r in reports}
    return render(
        request,
        "directives/assignment.html",
        {
            "nav_active": "directives",
            "a": row,
            "own": own,
            "manages": selectors.can_manage(request.user, row.directive),
            "reports": [(r, evidence[r.pk]) for r in reports],
            "extensions": list(row.extension_requests.all()),
            "report_form": report_form,
            "extension_form": extension_form,
            "late": row.is_late(),
        },
    )


@login_required
@require_POST
def decide_extension(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    request_row = (
        ExtensionRequest.objects.filter(uuid=uuid).select_related("assignment__directive").first()
    )
    if request_row is None or not selectors.can_manage(
        request.user, request_row.assignment.directive
    ):
        raise Http404
    form = forms.DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.extension_decide(
            user=request.user,
            request=request_row,
            approve=request.POST.get("decision") == "approve",
            note=note,
        )
    except services.DirectiveError as exc:
        show_refusal(request, exc)
    else:
        messages.success(
            request,
            _("Approved.") if request_row.status == ExtensionStatus.APPROVED else _("Refused."),
        )
    return redirect("directives:detail", uuid=request_row.assignment.directive.uuid)


@login_required
@require_POST
def dismiss_notice(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    notice = Notice.objects.filter(uuid=uuid).select_related("assignment").first()
    if notice is None:
        raise Http404
    try:
        services.notice_dismiss(user=request.user, notice=notice)
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("directives:index")


@login_required
def letter_file(request: AuthedHttpRequest, uuid: str, fmt: str) -> HttpResponse:
    """The circular in the official format, DOCX or PDF, numbered from the ว series."""
    directive = selectors.directive_get(user=request.user, uuid=uuid)
    if directive is None or fmt not in ("docx", "pdf"):
        raise Http404
    from sodsong.directives.letter_render import letter_for
    from sodsong.documents.render import render_letter

    try:
        letter = letter_for(directive)
        data = render_letter(letter, fmt=fmt)  # type: ignore[arg-type]
    except (LetterError, ValueError) as exc:
        messages.error(request, _("The letter could not be drawn: %(error)s") % {"error": exc})
        return redirect("directives:detail", uuid=directive.uuid)
    except RuntimeError as exc:  # LibreOffice missing or failed
        messages.error(request, _("The PDF could not be made: %(error)s") % {"error": exc})
        return redirect("directives:detail", uuid=directive.uuid)
    content_type = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }[fmt]
    response = HttpResponse(data, content_type=content_type)
    name = f"circular-{directive.running_no or 'draft'}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
