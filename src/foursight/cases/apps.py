from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "foursight.cases"
    label = "cases"
