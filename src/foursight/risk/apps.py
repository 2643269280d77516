from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "foursight.risk"
    label = "risk"
