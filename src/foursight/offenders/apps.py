from django.apps import AppConfig


class OffendersConfig(AppConfig):
    name = "foursight.offenders"
    label = "offenders"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
