from django.apps import AppConfig

RISK_ROLES = frozenset({"officer", "supervisor", "stac", "admin"})


class RiskConfig(AppConfig):
    name = "foursight.risk"
    label = "risk"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Risk tasks", "/risk/tasks", RISK_ROLES),
        ("STAC cases", "/stac", frozenset({"stac", "admin"})),
        ("My victims", "/risk/advocate", frozenset({"advocate"})),
    )
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Risk", "/reports/{id}/risk", RISK_ROLES),
        ("STAC case", "/reports/{id}/stac", frozenset({"stac", "admin"})),
    )
    report_panels: tuple[str, ...] = ("foursight.risk.panels.report_risk_panel",)
    case_facts: tuple[str, ...] = ("foursight.risk.facts.case_facts",)
    person_panels: tuple[str, ...] = ("foursight.risk.panels.person_risk_panel",)
    home_panels: tuple[str, ...] = (
        "foursight.risk.worklist_panels.home_panel",
        "foursight.risk.persistence.home_panel",
    )
