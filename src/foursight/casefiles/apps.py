from django.apps import AppConfig

# Role values as strings: the accounts models are not importable while apps load.
# Everyone who may open a report sees that its case file exists and its status; what
# each role sees of the content is decided in access.py.
CASEFILE_ROLES = frozenset({"officer", "supervisor", "stac", "offender_unit", "advocate", "admin"})


class CasefilesConfig(AppConfig):
    name = "foursight.casefiles"
    label = "casefiles"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Case files", "/case-files", frozenset({"supervisor", "analyst", "admin"})),
    )
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Case file", "/reports/{id}/case-file", CASEFILE_ROLES),
    )
    report_panels: tuple[str, ...] = ("foursight.casefiles.views.report_panel",)
    person_panels: tuple[str, ...] = ()
