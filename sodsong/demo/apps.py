from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sodsong.demo"
    label = "demo"
    verbose_name = "Demo data"
