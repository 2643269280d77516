from django.apps import AppConfig

# Role values as strings: the accounts models are not importable while apps load.
PATH_ROLES = frozenset({"officer", "supervisor", "offender_unit", "stac", "admin"})


class ProsecutionConfig(AppConfig):
    name = "foursight.prosecution"
    label = "prosecution"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Releases", "/releases", frozenset({"offender_unit", "stac", "supervisor", "admin"})),
    )
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ("foursight.prosecution.views.report_panel",)
    case_facts: tuple[str, ...] = ("foursight.prosecution.facts.case_facts",)
    person_panels: tuple[str, ...] = ()
