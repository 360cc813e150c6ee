"""Permission-matrix rows for intervision at school. Report privacy: the student writes and
shares; then the SO and IO of that student read it; nobody else (the projectleider sees
counts only, on the overview and in the annual report)."""

from typing import Any

from tests.demo_years import RUNNING_YEAR
from tests.matrix import DOMAIN, Case, expect


def _beatrix_group() -> Any:
    from intervision.models import IntervisionGroup

    return IntervisionGroup.objects.filter(
        school_year__name=RUNNING_YEAR, locations__name="Beatrix College"
    ).order_by("pk")[0]


def own_group() -> dict[str, Any]:
    return {"pk": _beatrix_group().pk}


def other_group() -> dict[str, Any]:
    from intervision.models import IntervisionGroup

    group = IntervisionGroup.objects.filter(
        school_year__name=RUNNING_YEAR, locations__name="Newmancollege"
    ).order_by("pk")[0]
    return {"pk": group.pk}


def own_meeting() -> dict[str, Any]:
    return {"pk": _beatrix_group().meetings.order_by("starts_at")[0].pk}


def other_meeting() -> dict[str, Any]:
    from intervision.models import Meeting

    meeting = Meeting.objects.filter(group__locations__name="Newmancollege").order_by("pk")[0]
    return {"pk": meeting.pk}


def own_membership() -> dict[str, Any]:
    return {"pk": _beatrix_group().memberships.filter(left_on__isnull=True).order_by("pk")[0].pk}


def other_membership() -> dict[str, Any]:
    from intervision.models import Membership

    membership = Membership.objects.filter(
        group__locations__name="Newmancollege", left_on__isnull=True
    ).order_by("pk")[0]
    return {"pk": membership.pk}


def _demo_student_report(shared: bool) -> Any:
    from intervision.models import Reflection

    return Reflection.objects.filter(
        student__user__email=f"student@{DOMAIN}",
        kind="meeting",
        shared_at__isnull=not shared,
    ).order_by("pk")[0]


def shared_report() -> dict[str, Any]:
    """The demo student's shared report: their SO (Beatrix) and IO (FLOT) read it."""
    return {"pk": _demo_student_report(True).pk}


def private_report() -> dict[str, Any]:
    """The demo student's report they have not shared: only the student reads it."""
    return {"pk": _demo_student_report(False).pk}


def other_school_report() -> dict[str, Any]:
    from intervision.models import Reflection

    report = Reflection.objects.filter(
        placement__location__name="Newmancollege", shared_at__isnull=False
    ).order_by("pk")[0]
    return {"pk": report.pk}


def demo_student_meeting() -> dict[str, Any]:
    from intervision.models import Meeting

    meeting = Meeting.objects.filter(
        group__memberships__placement__student__user__email=f"student@{DOMAIN}",
        group__memberships__left_on__isnull=True,
    ).order_by("starts_at")[0]
    return {"meeting_pk": meeting.pk}


def used_theme() -> dict[str, Any]:
    """A theme of the running year that demo meetings took: removing it is refused."""
    from intervision.models import IntervisionTheme

    theme = (
        IntervisionTheme.objects.filter(school_year__name=RUNNING_YEAR, meetings__isnull=False)
        .order_by("pk")
        .first()
    )
    return {"pk": theme.pk}


VIEWERS = {"so": 200, "io": 200, "projectleider": 200, "admin": 200}
SO_ONLY = {"so": 200}
POST_SO = {"so": 405}

ROWS: dict[str, list[Case]] = {
    "intervision:overview": [Case(expect(403, **VIEWERS))],
    "intervision:suggest": [Case(expect(403, **SO_ONLY))],
    "intervision:group_new": [Case(expect(403, **SO_ONLY))],
    # The place form's suggestions: the SO's groups and the online groups, names only.
    "intervision:group_search": [
        Case(
            expect(403, **SO_ONLY), data={"veld": "p1-group", "id": "id_p1-group", "p1-group": "gr"}
        )
    ],
    "intervision:group": [
        Case(expect(403, **SO_ONLY), kwargs=own_group),
        Case(expect(403, so=404), kwargs=other_group),
    ],
    "intervision:group_excel": [
        Case(expect(403, **SO_ONLY), kwargs=own_group),
        Case(expect(403, so=404), kwargs=other_group),
    ],
    # The demo groups have met, so deleting one is refused (a redirect back with a message).
    "intervision:group_delete": [
        Case(expect(403, **POST_SO), kwargs=own_group),
        Case(expect(403, so=302), kwargs=own_group, method="post"),
        Case(expect(403, so=404), kwargs=other_group, method="post"),
    ],
    "intervision:member_add": [
        Case(expect(403, **POST_SO), kwargs=own_group),
        Case(expect(403, so=404), kwargs=other_group, method="post"),
    ],
    "intervision:meeting_new": [
        Case(expect(403, **SO_ONLY), kwargs=own_group),
        Case(expect(403, so=404), kwargs=other_group),
    ],
    "intervision:place": [
        Case(expect(403, **POST_SO)),
        Case(expect(403, so=302), method="post"),
    ],
    "intervision:member_move": [
        Case(expect(403, **POST_SO), kwargs=own_membership),
        Case(expect(403, so=404), kwargs=other_membership, method="post"),
    ],
    "intervision:member_remove": [
        Case(expect(403, **POST_SO), kwargs=own_membership),
        Case(expect(403, so=404), kwargs=other_membership, method="post"),
    ],
    # The SO of the group's school, or the meeting's leader or back-up (here the FLOT IO
    # leads some Beatrix meetings, but not the first), records attendance.
    "intervision:meeting": [
        Case(expect(403, so=200, io=404, wpb=404), kwargs=own_meeting),
        Case(expect(403, so=404, io=404, wpb=404), kwargs=other_meeting),
    ],
    "intervision:meeting_edit": [
        Case(expect(403, so=200, io=404, projectleider=404, admin=404), kwargs=own_meeting),
        Case(expect(403, so=404, io=404, projectleider=404, admin=404), kwargs=other_meeting),
    ],
    "intervision:methods": [Case(expect(403, so=200, projectleider=200, admin=200))],
    "intervision:policy": [Case(expect(403, projectleider=200, admin=200))],
    "intervision:online_group_new": [Case(expect(403, projectleider=200, admin=200))],
    "intervision:themes": [Case(expect(403, projectleider=200, admin=200))],
    "intervision:theme_edit": [Case(expect(403, projectleider=200, admin=200), kwargs=used_theme)],
    # A used theme stays: the remove is refused with a message (a redirect back).
    "intervision:theme_delete": [
        Case(expect(403, projectleider=405, admin=405), kwargs=used_theme),
        Case(expect(403, projectleider=302, admin=302), kwargs=used_theme, method="post"),
    ],
    "intervision:reports": [Case(expect(403, so=200, io=200, student=200))],
    # Report privacy.
    "intervision:report": [
        Case(expect(403, so=200, io=200, student=200), kwargs=shared_report),
        Case(expect(403, so=404, io=404, student=200), kwargs=private_report),
        Case(expect(403, so=404, io=404, student=404), kwargs=other_school_report),
    ],
    "intervision:report_share": [
        Case(expect(403, student=405), kwargs=private_report),
        Case(expect(403, student=404), kwargs=other_school_report, method="post"),
    ],
    "intervision:report_write": [Case(expect(403, student=200), kwargs=demo_student_meeting)],
    "intervision:review_write": [Case(expect(403, student=200))],
}
