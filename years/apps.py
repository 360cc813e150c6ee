from django.apps import AppConfig


class YearsConfig(AppConfig):
    name = "years"
    verbose_name = "Schooljaren en organisatie"

    def ready(self) -> None:
        from bos import audit
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
