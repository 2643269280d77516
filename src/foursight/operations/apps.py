from django.apps import AppConfig

_OPS = frozenset({"officer", "supervisor", "offender_unit", "admin"})


class OperationsConfig(AppConfig):
    name = "foursight.operations"
    label = "operations"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (("Operations", "/operations", _OPS),)
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ("foursight.operations.panels.person_panel",)
    offender_panels: tuple[str, ...] = ("foursight.operations.panels.offender_panel",)
    home_panels: tuple[str, ...] = ("foursight.operations.worklist.home_panel",)
