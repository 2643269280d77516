from django.apps import AppConfig

# Role values as strings: the accounts models are not importable while apps load.
ORDER_ROLES = frozenset({"officer", "supervisor", "offender_unit", "stac", "admin"})


class OrdersConfig(AppConfig):
    name = "foursight.orders"
    label = "orders"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = (("Orders", "/orders", ORDER_ROLES),)
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ("foursight.orders.views.report_panel",)
    case_facts: tuple[str, ...] = ("foursight.orders.facts.case_facts",)
    person_panels: tuple[str, ...] = ("foursight.orders.views.person_panel",)

    def ready(self) -> None:
        from foursight.orders import signals

        signals.connect()
