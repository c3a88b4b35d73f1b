from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "sodsong.geo"
    label = "geo"
    verbose_name = "Geography"
