"""Permission-matrix rows of the induction register (issue #16)."""

from typing import Any

from tests.matrix import Case, expect


def beatrix_starter() -> dict[str, Any]:
    from induction.models import Starter

    return {"pk": Starter.objects.filter(location__name="Beatrix College").order_by("pk")[0].pk}


def newman_starter() -> dict[str, Any]:
    """A starter outside the demo SO's and director's school."""
    from induction.models import Starter

    return {"pk": Starter.objects.filter(location__name="Newmancollege").order_by("pk")[0].pk}


def beatrix_intro() -> dict[str, Any]:
    from induction.models import IntroMeeting

    return {
        "pk": IntroMeeting.objects.filter(location__name="Beatrix College").order_by("pk")[0].pk
    }


INDUCTION_VIEWERS = {
    "so": 200,
    "director": 200,
    "lerarencoach": 200,
    "projectleider": 200,
    "kernteam": 200,
    "admin": 200,
}

ROWS: dict[str, list[Case]] = {
    "induction:register": [Case(expect(403, **INDUCTION_VIEWERS))],
    "induction:new": [Case(expect(403, so=200, director=200, projectleider=200, admin=200))],
    # The starter form's search suggestions (issue #29).
    "induction:search": [
        Case(
            expect(403, so=200, director=200, projectleider=200, admin=200),
            kwargs=lambda: {"source": "coach"},
            data={"veld": "coach", "id": "id_coach", "coach": "an"},
        ),
        Case(
            expect(403, so=200, director=200, projectleider=200, admin=200),
            kwargs=lambda: {"source": "oud-student"},
            data={"veld": "s", "id": "id_s", "s": "an"},
        ),
    ],
    "induction:as_student": [
        Case(expect(403, so=200, projectleider=200, admin=200), kwargs=beatrix_starter)
    ],
    "induction:blocks": [Case(expect(403, **INDUCTION_VIEWERS))],
    "induction:figures": [Case(expect(403, projectleider=200, kernteam=200, admin=200))],
    # The programme around each starter (issue #26): the school's SO and the projectleider
    # record it; the director and the kernteam read it. The school's lerarencoach (issue #25)
    # records the coaching (plan, measures), not the exit interview.
    "induction:starter": [
        Case(expect(403, **INDUCTION_VIEWERS), kwargs=beatrix_starter),
        Case(
            expect(403, **{**INDUCTION_VIEWERS, "so": 404, "director": 404, "lerarencoach": 404}),
            kwargs=newman_starter,
        ),
    ],
    **{
        name: [
            Case(expect(403, **dict.fromkeys(INDUCTION_VIEWERS, 405)), kwargs=beatrix_starter),
            Case(
                expect(
                    403,
                    so=400,
                    lerarencoach=400 if name != "induction:exit" else 403,
                    projectleider=400,
                    admin=400,
                ),
                kwargs=beatrix_starter,
                method="post",
            ),
            Case(
                expect(403, so=404, director=404, lerarencoach=404, projectleider=400, admin=400),
                kwargs=newman_starter,
                method="post",
            ),
        ]
        for name in ("induction:plan", "induction:measures", "induction:exit")
    },
    "induction:intro_meetings": [Case(expect(403, **INDUCTION_VIEWERS))],
    "induction:intro": [Case(expect(403, **INDUCTION_VIEWERS), kwargs=beatrix_intro)],
    "induction:policy": [Case(expect(403, projectleider=200, admin=200))],
}
