from django.apps import AppConfig

EVIDENCE_ROLES = frozenset({"officer", "supervisor", "stac", "admin"})


class EvidenceConfig(AppConfig):
    name = "foursight.evidence"
    label = "evidence"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Evidence", "/reports/{id}/evidence", EVIDENCE_ROLES),
        ("Timeline", "/reports/{id}/timeline", EVIDENCE_ROLES),
        ("Course of conduct", "/reports/{id}/conduct", EVIDENCE_ROLES),
    )
    report_panels: tuple[str, ...] = ("foursight.evidence.panels.report_panel",)
    person_panels: tuple[str, ...] = ()
