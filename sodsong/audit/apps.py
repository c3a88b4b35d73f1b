from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sodsong.audit"
    label = "audit"
    verbose_name = "Audit"
