from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "foursight.evidence"
    label = "evidence"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
