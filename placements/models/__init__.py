"""The placements app's models, one module per part of the work. Every model is named here,
so `from placements.models import X` finds it and Django registers it; the modules import
each other directly, never through this package."""

from .imports import ImportJob, ImportJobStatus
from .matching import (
    PENDING_STATUSES,
    ApplicationDocument,
    DocumentKind,
    Proposal,
    ProposalSource,
    ProposalStatus,
)
from .offers import PlaceOffer, Reservation
from .placements import (
    OPEN_STATUSES,
    ChecklistItem,
    ChecklistKind,
    Placement,
    PlacementPolicy,
    PlacementQuerySet,
    PlacementStatus,
    ReminderDigest,
)
from .portfolio import (
    HandoverRequest,
    InviteeKind,
    PortfolioReflection,
    StartInvitee,
    StartMeeting,
)
from .students import OnlineRightsGroup, StageLevel, Student, StudentSchool, Variant
from .supervision import (
    Conversation,
    ConversationKind,
    ConversationStatus,
    DevelopmentSignal,
    SpecialGroup,
    SupervisionAgreement,
    SupervisionPolicy,
    WpbPresence,
)
from .targets import TargetAdjustment, TargetKind

__all__ = [
    "OPEN_STATUSES",
    "PENDING_STATUSES",
    "ApplicationDocument",
    "ChecklistItem",
    "ChecklistKind",
    "Conversation",
    "ConversationKind",
    "ConversationStatus",
    "DevelopmentSignal",
    "DocumentKind",
    "HandoverRequest",
    "ImportJob",
    "ImportJobStatus",
    "InviteeKind",
    "OnlineRightsGroup",
    "PlaceOffer",
    "Placement",
    "PlacementPolicy",
    "PlacementQuerySet",
    "PlacementStatus",
    "PortfolioReflection",
    "Proposal",
    "ProposalSource",
    "ProposalStatus",
    "ReminderDigest",
    "Reservation",
    "SpecialGroup",
    "StageLevel",
    "StartInvitee",
    "StartMeeting",
    "Student",
    "StudentSchool",
    "SupervisionAgreement",
    "SupervisionPolicy",
    "TargetAdjustment",
    "TargetKind",
    "Variant",
    "WpbPresence",
]
