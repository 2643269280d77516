from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "foursight.risk"
    label = "risk"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
