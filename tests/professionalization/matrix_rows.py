"""Permission-matrix rows of professionalisation (merged into tests.matrix.MATRIX).

The reflective conversation rows prove the notes' privacy: only the two people of a
conversation open it; the projectleider, the admin and everyone else do not.

Every object is one of the running year, every demo login's default year (the
closed 2020-2021 is chosen explicitly in tests/years/test_permission_matrix_years.py)."""

from typing import Any

from tests.demo_years import RUNNING_YEAR
from tests.matrix import DOMAIN, Case, expect

VIEWERS = {"so": 200, "io": 200, "wpb": 200, "projectleider": 200, "admin": 200}
VIEWERS_405 = dict.fromkeys(VIEWERS, 405)
PLANNERS = {"projectleider": 200, "admin": 200}
TALKERS = {"so": 200, "io": 200, "wpb": 200, "kernteam": 200}
RUNNING = RUNNING_YEAR


def theme_meeting() -> dict[str, Any]:
    from professionalization.models import Meeting

    meeting = Meeting.objects.filter(kind="theme", school_year__name=RUNNING).first()
    return {"pk": meeting.pk}


def beatrix_start_meeting() -> dict[str, Any]:
    """Led by the demo SO with the demo IO: both may record attendance."""
    from professionalization.models import Meeting

    meeting = Meeting.objects.get(
        kind="start", location__name="Beatrix College", school_year__name=RUNNING
    )
    return {"pk": meeting.pk}


def other_start_meeting() -> dict[str, Any]:
    """Another school's start meeting: out of scope for the demo SO, IO and WPB."""
    from professionalization.models import Meeting

    meeting = Meeting.objects.get(
        kind="start", location__name="Newmancollege", school_year__name=RUNNING
    )
    return {"pk": meeting.pk}


def wpb_registration() -> dict[str, Any]:
    """An attended registration of the demo WPB (they may cancel nothing past, but evaluate)."""
    from professionalization.models import Registration

    registration = Registration.objects.filter(
        person__email=f"wpb@{DOMAIN}",
        attended=True,
        meeting__kind="theme",
        meeting__school_year__name=RUNNING,
    ).first()
    return {"pk": registration.pk}


def theme() -> dict[str, Any]:
    from professionalization.models import Theme

    return {"pk": Theme.objects.get(school_year__name=RUNNING, number=11).pk}


def beatrix() -> dict[str, Any]:
    from bos.models import SchoolLocation

    return {"location": SchoolLocation.objects.get(name="Beatrix College").pk}


def newman() -> dict[str, Any]:
    from bos.models import SchoolLocation

    return {"location": SchoolLocation.objects.get(name="Newmancollege").pk}


def demo_year() -> dict[str, Any]:
    return {"year": RUNNING}


def certificate_code() -> dict[str, Any]:
    from bos.models import Person, SchoolYear
    from professionalization.services import certificate_prepare

    certificate = certificate_prepare(
        person=Person.objects.get(email=f"wpb@{DOMAIN}"),
        year=SchoolYear.objects.get(name=RUNNING),
    )
    return {"code": certificate.code}


def unknown_code() -> dict[str, Any]:
    return {"code": "geen-echte-code-0000000000"}


def wpb_so_conversation() -> dict[str, Any]:
    """The demo WPB's conversation with the demo SO."""
    from professionalization.models import ReflectiveConversation

    conversation = ReflectiveConversation.objects.get(
        participant__email=f"wpb@{DOMAIN}",
        conductor__email=f"so.beatrix@{DOMAIN}",
        school_year__name=RUNNING,
    )
    return {"pk": conversation.pk}


def so_bc_conversation() -> dict[str, Any]:
    """The demo SO's conversation with the demo BC (kernteam login)."""
    from professionalization.models import ReflectiveConversation

    conversation = ReflectiveConversation.objects.get(
        participant__email=f"so.beatrix@{DOMAIN}",
        conductor__email=f"bc.sovot@{DOMAIN}",
        school_year__name=RUNNING,
    )
    return {"pk": conversation.pk}


ROWS: dict[str, list[Case]] = {
    "professionalization:offer": [Case(expect(403, **VIEWERS))],
    "professionalization:meeting": [
        Case(expect(403, **VIEWERS), kwargs=theme_meeting),
        Case(expect(403, **VIEWERS), kwargs=beatrix_start_meeting),
        Case(
            expect(403, so=404, io=404, wpb=404, projectleider=200, admin=200),
            kwargs=other_start_meeting,
        ),
    ],
    "professionalization:meeting_new": [Case(expect(403, **PLANNERS))],
    "professionalization:meeting_edit": [Case(expect(403, **PLANNERS), kwargs=theme_meeting)],
    "professionalization:register": [
        Case(expect(403, **VIEWERS_405), kwargs=theme_meeting),
        # The demo meetings lie in the past: a Dutch message and a redirect, nothing saved.
        # The admin has no person to register (403).
        Case(
            expect(403, so=302, io=302, wpb=302, projectleider=302, admin=403),
            kwargs=theme_meeting,
            method="post",
        ),
        Case(
            expect(403, so=404, io=404, wpb=404, projectleider=302, admin=403),
            kwargs=other_start_meeting,
            method="post",
        ),
    ],
    "professionalization:attendance": [
        Case(expect(403, **VIEWERS_405), kwargs=beatrix_start_meeting),
        Case(
            expect(403, so=302, io=302, wpb=403, projectleider=302, admin=302),
            kwargs=beatrix_start_meeting,
            method="post",
        ),
        # The demo WPB leads no meeting, so may record attendance nowhere: a 403 before any
        # meeting is looked up (in every year); the SO and IO lead, but not this school's.
        Case(
            expect(403, so=404, io=404, wpb=403, projectleider=302, admin=302),
            kwargs=other_start_meeting,
            method="post",
        ),
    ],
    "professionalization:cancel": [
        Case(expect(403, **VIEWERS_405), kwargs=wpb_registration),
        Case(
            expect(403, so=404, io=404, wpb=302, projectleider=404, admin=404),
            kwargs=wpb_registration,
            method="post",
        ),
    ],
    "professionalization:evaluate": [
        Case(expect(403, **VIEWERS_405), kwargs=wpb_registration),
        Case(
            expect(403, so=404, io=404, wpb=302, projectleider=404, admin=404),
            kwargs=wpb_registration,
            method="post",
            data={"score": "4", "comment": "Goed"},
        ),
    ],
    "professionalization:themes": [Case(expect(403, **PLANNERS))],
    "professionalization:theme_edit": [Case(expect(403, **PLANNERS), kwargs=theme)],
    "professionalization:overview": [Case(expect(403, **PLANNERS))],
    "professionalization:policy": [Case(expect(403, **PLANNERS))],
    "professionalization:start_meetings": [
        Case(expect(403, so=200, io=200, projectleider=200, admin=200))
    ],
    "professionalization:start_meeting_edit": [
        Case(expect(403, so=200, io=200, projectleider=200, admin=200), kwargs=beatrix),
        Case(expect(403, so=404, io=404, projectleider=200, admin=200), kwargs=newman),
    ],
    # Own certificate only: a PDF for who attended, a message for who did not, none for a
    # login without a person.
    "professionalization:certificate": [
        Case(
            expect(403, so=200, io=302, wpb=200, projectleider=302, admin=404),
            kwargs=demo_year,
        )
    ],
    "professionalization:certificates": [
        Case(expect(403, **PLANNERS)),
        Case(expect(403, projectleider=302, admin=302), method="post"),
    ],
    "professionalization:verify": [
        Case(dict.fromkeys(expect(0), 200), kwargs=certificate_code),
        Case(dict.fromkeys(expect(0), 404), kwargs=unknown_code),
    ],
    "professionalization:conversations": [Case(expect(403, **TALKERS))],
    "professionalization:conversation": [
        Case(
            expect(403, so=200, wpb=200, io=404, kernteam=404),
            kwargs=wpb_so_conversation,
        ),
        Case(
            expect(403, so=200, kernteam=200, io=404, wpb=404),
            kwargs=so_bc_conversation,
        ),
    ],
}
