"""Writes on cases. Every function is keyword-only, runs in one transaction, checks that the
acting officer may do it, and leaves a line on the case's timeline; history and the audit log
record the changed rows themselves.

One module per part of a case (`cases`, `identifiers`, `sharing`, `case_tasks`, `operations`,
`parties`, `attachments`), with what they share in `common`. The names below are re-exported so
that `from sodsong.cases import services` keeps serving callers; each is defined in one module.
"""

from sodsong.cases.services.attachments import case_attach
from sodsong.cases.services.case_tasks import task_create, task_update
from sodsong.cases.services.cases import (
    EDITABLE_DETAILS,
    CaseStatusConflict,
    case_change_status,
    case_create,
    case_update_details,
)
from sodsong.cases.services.common import (
    CASE_OBJECT_TYPE,
    CREATOR_ROLES,
    PARTICIPANT_KINDS,
    TRANSITIONS,
    CaseError,
    CasePermissionError,
)
from sodsong.cases.services.identifiers import case_add_identifier
from sodsong.cases.services.operations import (
    operation_plan,
    operation_record_result,
    seizure_add,
)
from sodsong.cases.services.parties import (
    COMPARTMENT_ROLES,
    PROSECUTION_FIELDS,
    PartyPersonNotFound,
    arrest_notify,
    arrest_record,
    charge_add,
    charge_outcome,
    party_add,
    party_add_person,
    party_screen,
    prosecution_update,
    victim_refer,
)
from sodsong.cases.services.sharing import (
    member_remove,
    member_set,
    participation_grant,
    participation_revoke,
)

__all__ = [
    "CASE_OBJECT_TYPE",
    "CREATOR_ROLES",
    "EDITABLE_DETAILS",
    "PARTICIPANT_KINDS",
    "COMPARTMENT_ROLES",
    "PROSECUTION_FIELDS",
    "PartyPersonNotFound",
    "TRANSITIONS",
    "CaseError",
    "CasePermissionError",
    "CaseStatusConflict",
    "arrest_notify",
    "arrest_record",
    "case_add_identifier",
    "case_attach",
    "case_change_status",
    "case_create",
    "case_update_details",
    "charge_add",
    "charge_outcome",
    "member_remove",
    "member_set",
    "operation_plan",
    "operation_record_result",
    "participation_grant",
    "participation_revoke",
    "party_add",
    "party_add_person",
    "party_screen",
    "prosecution_update",
    "seizure_add",
    "task_create",
    "task_update",
    "victim_refer",
]
