from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sodsong.web"
    label = "web"
    verbose_name = "Web pages"
