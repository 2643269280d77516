from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "foursight.operations"
    label = "operations"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
