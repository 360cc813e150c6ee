from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Jaarverslag"
    url_mounts = (("jaarverslag/", "reports.urls"),)

    def ready(self) -> None:
        from bos import audit, worklist

        from .models import (
            ActualEntry,
            Budget,
            BudgetLine,
            BudgetSection,
            BudgetVersion,
            ReportPublication,
            ReportTargets,
            SupportStaff,
            UnknownCounts,
        )

        audit.register(Budget)
        audit.register(BudgetSection)
        audit.register(BudgetLine)
        audit.register(BudgetVersion)
        audit.register(ActualEntry)
        audit.register(ReportPublication)
        audit.register(SupportStaff)
        # Settings the projectleider owns: their history on their policy pages.
        audit.register(ReportTargets)
        audit.register(UnknownCounts)
        from .work import report_work

        worklist.register(report_work)

        from . import cache

        cache.connect()
