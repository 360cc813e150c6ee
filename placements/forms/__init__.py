"""The placements forms, one module per part of the work. Choices come from the user's scope,
never from the post."""

from ._common import (
    DATE_WIDGET,
    HiddenWithoutId,
    PersonChoiceField,
)
from .matching import (
    AcceptForm,
    ApplyForm,
    DeclineForm,
    MeetingForm,
    ProposeForm,
)
from .offers import (
    OfferForm,
    ReservationForm,
    TargetAdjustmentForm,
)
from .online_rights import (
    OnlineRightsFormSet,
    OnlineRightsSourceForm,
)
from .placements import (
    PlacementEditForm,
    PlacementRegisterForm,
    StopForm,
    SwitchForm,
    VersionForm,
)
from .policy import PlacementPolicyForm
from .registers import (
    GRADE_CHOICES,
    MentorAddForm,
    MentorDataForm,
    StudentAddForm,
    StudentDataForm,
)
from .supervision import (
    RECORDABLE_KINDS,
    ConversationForm,
    RequestForm,
    SecondTeacherForm,
    SignalForm,
    StopNoProspectForm,
)

__all__ = [
    "DATE_WIDGET",
    "GRADE_CHOICES",
    "RECORDABLE_KINDS",
    "AcceptForm",
    "ApplyForm",
    "ConversationForm",
    "DeclineForm",
    "HiddenWithoutId",
    "MeetingForm",
    "MentorAddForm",
    "MentorDataForm",
    "OfferForm",
    "OnlineRightsFormSet",
    "OnlineRightsSourceForm",
    "PersonChoiceField",
    "PlacementEditForm",
    "PlacementPolicyForm",
    "PlacementRegisterForm",
    "ProposeForm",
    "RequestForm",
    "ReservationForm",
    "SecondTeacherForm",
    "SignalForm",
    "StopForm",
    "StopNoProspectForm",
    "StudentAddForm",
    "StudentDataForm",
    "SwitchForm",
    "TargetAdjustmentForm",
    "VersionForm",
]
