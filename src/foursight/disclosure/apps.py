from django.apps import AppConfig

# Role values as strings: the accounts models are not importable while apps load.
DISCLOSURE_ROLES = frozenset(
    {"officer", "supervisor", "admin", "stac", "offender_unit", "advocate"}
)


class DisclosureConfig(AppConfig):
    name = "foursight.disclosure"
    label = "disclosure"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Disclosure copies", "/reports/{id}/disclosure", DISCLOSURE_ROLES),
    )
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
