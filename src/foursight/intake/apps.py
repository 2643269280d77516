from django.apps import AppConfig

# Role values as strings: the accounts models are not importable while apps load.
TRIAGE_ROLES = frozenset({"officer", "supervisor", "admin"})


class IntakeConfig(AppConfig):
    name = "foursight.intake"
    label = "intake"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (("Triage", "/triage", TRIAGE_ROLES),)
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ("foursight.intake.panels.report_panel",)
    person_panels: tuple[str, ...] = ("foursight.intake.panels.person_panel",)
