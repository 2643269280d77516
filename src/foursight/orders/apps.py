from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "foursight.orders"
    label = "orders"
    nav: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_links: tuple[tuple[str, str, frozenset[str]], ...] = ()
    report_panels: tuple[str, ...] = ()
    person_panels: tuple[str, ...] = ()
