from django.apps import AppConfig


class YearsConfig(AppConfig):
    name = "years"
    verbose_name = "Schooljaren en organisatie"
    url_mounts = (("schooljaren/", "years.urls"), ("organisatie/", "years.urls_organisation"))

    def ready(self) -> None:
        from bos import audit
        from reports import cache as report_cache
        from reports import teams

        from . import selectors

        # The report's figures 2 and 6 read this app's teams, and its cache follows them.
        teams.register(selectors.team_members)
        report_cache.watch("years.DevelopmentTeamYear", "school_year_id")
        report_cache.watch("years.DevelopmentTeamMember", "team__school_year_id")
        from bos.models import (
            BoardName,
            InstitutePartnership,
            LocationYear,
            SchoolBoard,
            SchoolGroup,
            SchoolLocation,
            SchoolYear,
            SchoolYearEvent,
        )

        # The year as a whole and the organisation the wizard and the pages maintain.
        audit.register(SchoolYear)
        audit.register(SchoolYearEvent)
        audit.register(LocationYear)
        audit.register(InstitutePartnership)
        audit.register(SchoolBoard)
        audit.register(BoardName)
        audit.register(SchoolGroup)
        audit.register(SchoolLocation)
