"""Permission-matrix rows of the running-year pages (merged into tests.matrix.MATRIX).

The projectleider and the admin keep the years; everyone else gets a 403. The object URLs
use the demo's closed 2020-2021 and its running year."""

from tests.demo_years import RUNNING_YEAR
from tests.matrix import Case, expect

MANAGERS = {"projectleider": 200, "admin": 200}


def closed_year() -> dict[str, str]:
    return {"year": "2020-2021"}


def running_year() -> dict[str, str]:
    return {"year": RUNNING_YEAR}


EDITORS_POST_ONLY = {"projectleider": 405, "admin": 405}
VIEWERS = {"projectleider": 200, "admin": 200, "kernteam": 200}


def board() -> dict[str, int]:
    from bos.models import SchoolBoard

    return {"pk": SchoolBoard.objects.get(name="Sovot").pk}


def location() -> dict[str, int]:
    from bos.models import SchoolLocation

    return {"pk": SchoolLocation.objects.get(name="Beatrix College").pk}


def institute() -> dict[str, int]:
    from bos.models import Institute

    return {"pk": Institute.objects.get(short_name="FLOT").pk}


def sovot_person() -> dict[str, int]:
    """The demo SO of Beatrix College (a Sovot school): in the BC Sovot's view."""
    from bos.models import Person

    return {"pk": Person.objects.get(email="so.beatrix@demo.bos.example").pk}


def skvob_person() -> dict[str, int]:
    """The HR officer of SKVOB: outside the BC Sovot's board."""
    from bos.models import Person

    return {"pk": Person.objects.get(email="hr.skvob@demo.bos.example").pk}


def running_role() -> dict[str, int]:
    from bos.models import RoleAssignment

    assignment = RoleAssignment.objects.get(
        person__email="so.beatrix@demo.bos.example", school_year__name=RUNNING_YEAR, role="so"
    )
    return {"pk": assignment.pk}


def team() -> dict[str, int]:
    from years.models import DevelopmentTeamYear

    return {"pk": DevelopmentTeamYear.objects.filter(school_year__name=RUNNING_YEAR).first().pk}


def beatrix_team() -> dict[str, object]:
    """Beatrix College's opleidingsteam in the running year: the demo SO, IO, WPB and
    director work there."""
    return {"year": RUNNING_YEAR, **location()}


def beatrix_team_closed() -> dict[str, object]:
    return {"year": "2020-2021", **location()}


def newman_team() -> dict[str, object]:
    """Another board's school: outside everyone's scope but those who see every school."""
    from bos.models import SchoolLocation

    return {"year": RUNNING_YEAR, "pk": SchoolLocation.objects.get(name="Newmancollege").pk}


# A location's opleidingsteam: its own members, its director, the BC of its board (the demo
# BC is also in the kernteam, who reads every school) and those who run the partnership.
TEAM_READERS = {"projectleider": 200, "kernteam": 200, "admin": 200}
TEAM_MEMBERS = {"so": 200, "io": 200, "wpb": 200, "director": 200}

ROWS: dict[str, list[Case]] = {
    # One school of one's own: its team straight away (a redirect); several: the list.
    "organisation:training_teams": [
        Case(expect(403, **dict.fromkeys(TEAM_MEMBERS, 302), **TEAM_READERS))
    ],
    "organisation:training_team": [
        Case(expect(403, **TEAM_MEMBERS, **TEAM_READERS), kwargs=beatrix_team),
        Case(expect(403, **TEAM_MEMBERS, **TEAM_READERS), kwargs=beatrix_team_closed),
        Case(expect(403, **dict.fromkeys(TEAM_MEMBERS, 404), **TEAM_READERS), kwargs=newman_team),
    ],
    "organisation:overview": [Case(expect(403, **VIEWERS))],
    "organisation:board_rename": [Case(expect(403, **EDITORS_POST_ONLY), kwargs=board)],
    "organisation:group_add": [Case(expect(403, **EDITORS_POST_ONLY))],
    "organisation:location_add": [Case(expect(403, **MANAGERS))],
    "organisation:location_update": [Case(expect(403, **EDITORS_POST_ONLY), kwargs=location)],
    "organisation:partnership": [Case(expect(403, **EDITORS_POST_ONLY), kwargs=institute)],
    "organisation:people": [Case(expect(403, **VIEWERS))],
    "organisation:person_new": [Case(expect(403, **MANAGERS))],
    "organisation:person": [
        Case(expect(403, **VIEWERS), kwargs=sovot_person),
        Case(expect(403, kernteam=404, **MANAGERS), kwargs=skvob_person),
    ],
    "organisation:role_edit": [Case(expect(403, **MANAGERS), kwargs=running_role)],
    "organisation:role_end": [Case(expect(403, **EDITORS_POST_ONLY), kwargs=running_role)],
    "organisation:teams": [Case(expect(403, **VIEWERS))],
    "organisation:team_member": [Case(expect(403, **EDITORS_POST_ONLY), kwargs=team)],
    "years:overview": [Case(expect(403, **MANAGERS))],
    "years:wizard": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:pupils": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:pupil_upload": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:pupil_template": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    # The year's history: its decisions (the decision log) and its events.
    "years:history": [Case(expect(403, **MANAGERS), kwargs=closed_year)],
    "years:close": [Case(expect(403, **MANAGERS), kwargs=running_year)],
    "years:reopen": [Case(expect(403, **MANAGERS), kwargs=closed_year)],
}
