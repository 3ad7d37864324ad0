from django.apps import AppConfig


class RapportageConfig(AppConfig):
    """The region's reports: a daily snapshot of counts (no personal data) and the regional
    monitor's dashboard, exports and PDF. Sits at the top: it reads the domain apps' selectors;
    none of them imports it. It registers no retention rule: a snapshot holds counts only, so the
    retention purge keeps it (docs/security.md)."""

    name = "rapportage"
    verbose_name = "Rapportage"
