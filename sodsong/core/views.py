from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.attachments import attachment_readable_by
from sodsong.core.models import Attachment


@login_required
def attachment_download(request: HttpRequest, uuid: str) -> FileResponse:
    attachment = Attachment.objects.select_related("owner_type").filter(uuid=uuid).first()
    if attachment is None or not attachment_readable_by(attachment, request.user):
        raise Http404
    log_action(
        action=AuditEvent.Action.READ,
        object_type="core.attachment",
        object_ids=[attachment.uuid],
        detail={"owner": str(attachment.owner_uuid)},
    )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
