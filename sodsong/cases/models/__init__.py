"""Joint multi-agency cases: the law catalogue, cases, sharing, compartments, tasks, operations,
seizures, people in a case, arrests, charges, prosecution and the timeline.

The law catalogue is data (`data/laws.json`), versioned: a law has versions with effective dates,
each version its sections; an edit makes a new revision row and keeps the old one, so a charge
always points at the exact text it was laid under.
"""

from sodsong.cases.models.case import (
    Case,
    CaseEvent,
    CaseMember,
    CaseOrigin,
    CaseParticipation,
    CaseStatus,
    CaseType,
    Compartment,
    OriginKind,
    Task,
    TaskLogEntry,
    TaskStatus,
)
from sodsong.cases.models.charges import (
    Charge,
    Deportation,
    Participation,
    Prosecution,
    ProsecutorDecision,
    Verdict,
)
from sodsong.cases.models.law import (
    Heaviest,
    Law,
    LawGroup,
    LawSection,
    LawVersion,
    PenaltyMode,
    SectionKind,
)
from sodsong.cases.models.operations import (
    Operation,
    OperationKind,
    OperationStatus,
    Seizure,
    SeizureKind,
)
from sodsong.cases.models.parties import (
    SCREENING_WITHIN,
    Arrest,
    CaseParty,
    PartyRole,
    Screening,
)

# The victims' referrals live in their own module; imported here so that Django finds the model
# with the app's others.
from sodsong.cases.referrals import ReferralTo, VictimReferral  # noqa: E402

__all__ = [
    "Arrest",
    "Case",
    "CaseEvent",
    "CaseMember",
    "CaseOrigin",
    "CaseParticipation",
    "CaseParty",
    "CaseStatus",
    "CaseType",
    "Charge",
    "Compartment",
    "Deportation",
    "Heaviest",
    "Law",
    "LawGroup",
    "LawSection",
    "LawVersion",
    "Operation",
    "OperationKind",
    "OperationStatus",
    "OriginKind",
    "Participation",
    "PartyRole",
    "PenaltyMode",
    "Prosecution",
    "ProsecutorDecision",
    "ReferralTo",
    "SCREENING_WITHIN",
    "Screening",
    "SectionKind",
    "Seizure",
    "SeizureKind",
    "Task",
    "TaskLogEntry",
    "TaskStatus",
    "Verdict",
    "VictimReferral",
]
