from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "sodsong.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
