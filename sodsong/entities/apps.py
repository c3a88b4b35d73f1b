from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "sodsong.entities"
    label = "entities"
