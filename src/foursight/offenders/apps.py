from django.apps import AppConfig

_OFFENDERS = frozenset({"officer", "supervisor", "stac", "offender_unit", "admin"})
_HARM = frozenset({"officer", "supervisor", "offender_unit", "admin"})
_REVIEW = frozenset({"offender_unit", "admin"})
_INSIGHT = frozenset({"analyst", "supervisor", "admin"})


class OffendersConfig(AppConfig):
    name = "foursight.offenders"
    label = "offenders"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (
        ("Offenders", "/offenders", _OFFENDERS),
        ("Highest harm", "/harm", _HARM),
        ("Review queue", "/linkage/review", _REVIEW),
        ("Repeat offending", "/insights/repeat-offending", _INSIGHT),
    )
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ("foursight.offenders.views.report_panel",)
    case_facts: tuple[str, ...] = ("foursight.offenders.facts.case_facts",)
    person_panels: tuple[str, ...] = (
        "foursight.offenders.views.person_panel",
        "foursight.offenders.intervention_views.person_panel",
    )
    stac_panels: tuple[str, ...] = ("foursight.offenders.intervention_views.stac_panel",)
