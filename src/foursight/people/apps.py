from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "foursight.people"
    label = "people"
