from django.apps import AppConfig

_INSIGHTS = frozenset({"analyst", "supervisor", "admin"})


class InsightsConfig(AppConfig):
    name = "foursight.insights"
    label = "insights"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (("Insights", "/insights", _INSIGHTS),)
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
