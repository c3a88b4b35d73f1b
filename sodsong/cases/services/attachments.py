"""Files attached to a case."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sodsong.accounts.models import User
from sodsong.cases.models import (
    Case,
)
from sodsong.cases.services.common import (
    _event,
    _require_edit,
)
from sodsong.core.attachments import attachment_store
from sodsong.core.models import Attachment


@transaction.atomic
def case_attach(*, by: User, case: Case, upload: UploadedFile) -> Attachment:
    _require_edit(by, case)
    attachment = attachment_store(
        owner=case, area_code=case.area.code, upload=upload, uploaded_by_id=by.pk
    )
    _event(case, by, "attachment", obj=attachment, name=attachment.original_name)
    return attachment
