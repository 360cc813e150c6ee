"""What a location's opleidingsteam lacks (years.rules.training_team_flags), by the seed: a
fixed SO and IO at every location (l. 818), an IO of each institute with students there, and
the qualifications asked of SO, IO and WPB (l. 2017-2025, 4121, 4158, 4232)."""

from hypothesis import given
from hypothesis import strategies as st

from years.rules import TeamMemberFacts, training_team_flags

SO_WITH_BRLO = TeamMemberFacts("Anouk Aalbers", "so", held=frozenset({"brlo"}))
FLOT_IO = TeamMemberFacts("Milan Dirven", "io", "FLOT", frozenset({"assessor", "brlo"}))


def kinds(flags):
    return [flag.kind for flag in flags]


def test_a_complete_team_has_no_flags():
    wpb = TeamMemberFacts("Britt Bakkenes", "wpb", held=frozenset({"wpb_course"}))
    assert training_team_flags([SO_WITH_BRLO, FLOT_IO, wpb], {"FLOT": 24}) == []


def test_a_location_without_an_io_for_an_institute_with_students():
    # Beatrix College in 2020-2021: students of FLOT (24) and HR (5), an IO of FLOT only.
    flags = training_team_flags([SO_WITH_BRLO, FLOT_IO], {"FLOT": 24, "HR": 5, "ESoE": 0})
    assert kinds(flags) == ["no_io"]
    assert flags[0].text == (
        "Geen instituutsopleider (IO) van HR, terwijl hier 5 studenten van HR stage lopen."
    )
    one = training_team_flags([SO_WITH_BRLO, FLOT_IO], {"FLOT": 24, "FHK": 1})
    assert one[0].text.endswith("1 student van FHK stage loopt.")


def test_a_location_without_an_so():
    flags = training_team_flags([FLOT_IO], {"FLOT": 3})
    assert kinds(flags) == ["no_so"]
    assert "geen schoolopleider (SO)" in flags[0].text


def test_an_so_without_brlo_and_an_io_without_assessor_training():
    so = TeamMemberFacts("Anouk Aalbers", "so")
    io = TeamMemberFacts("Jesse Peeters", "io", "HR", frozenset({"brlo"}))
    flags = training_team_flags([so, FLOT_IO, io], {"FLOT": 2, "HR": 1})
    assert kinds(flags) == ["qualification", "qualification"]
    assert flags[0].text.startswith("Anouk Aalbers (SO): Bij voorkeur BRLO-gecertificeerd")
    assert flags[1].text.startswith("Jesse Peeters (IO van HR): Een assessorentraining is een")


def test_wpbs_without_the_course_in_one_line():
    wpbs = [
        TeamMemberFacts("Teun Aalbers", "wpb"),
        TeamMemberFacts("Iris Donkers", "wpb"),
        TeamMemberFacts("Luuk Coppens", "wpb", held=frozenset({"wpb_course"})),
    ]
    flags = training_team_flags([SO_WITH_BRLO, FLOT_IO, *wpbs], {"FLOT": 3})
    assert [flag.text for flag in flags] == [
        "2 werkplekbegeleiders zonder vastgelegde cursus werkplekbegeleiding (bij voorkeur "
        "gecertificeerd): Iris Donkers, Teun Aalbers."
    ]
    single = training_team_flags([SO_WITH_BRLO, FLOT_IO, wpbs[0]], {})
    assert single[0].text.startswith("1 werkplekbegeleider zonder vastgelegde cursus")


def test_a_lerarencoach_is_asked_nothing():
    coach = TeamMemberFacts("Lot Coach", "lerarencoach")
    assert training_team_flags([SO_WITH_BRLO, FLOT_IO, coach], {"FLOT": 1}) == []


INSTITUTES = ["FLOT", "HR", "ESoE", "FHK"]
KINDS = ["brlo", "assessor", "wpb_course"]
member = st.builds(
    TeamMemberFacts,
    name=st.sampled_from(["A", "B", "C", "D"]),
    role=st.sampled_from(["so", "io", "wpb", "lerarencoach"]),
    institute=st.sampled_from(INSTITUTES),
    held=st.frozensets(st.sampled_from(KINDS)),
)


@given(
    members=st.lists(member, max_size=8),
    students=st.dictionaries(st.sampled_from(INSTITUTES), st.integers(0, 40)),
)
def test_flags_follow_the_team(members, students):
    flags = training_team_flags(members, students)
    has_so = any(m.role == "so" for m in members)
    assert kinds(flags).count("no_so") == (0 if has_so else 1)
    covered = {m.institute for m in members if m.role == "io"}
    uncovered = [i for i, n in students.items() if n > 0 and i not in covered]
    assert kinds(flags).count("no_io") == len(uncovered)
    # Everyone holding every qualification: no qualification flag at all.
    complete = [TeamMemberFacts(m.name, m.role, m.institute, frozenset(KINDS)) for m in members]
    assert "qualification" not in kinds(training_team_flags(complete, students))
    # At most one line for the WPBs, however many lack the course.
    wpb_lines = [f for f in flags if "werkplekbegeleider" in f.text and f.kind == "qualification"]
    assert len(wpb_lines) <= 1
