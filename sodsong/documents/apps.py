from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sodsong.documents"
    label = "documents"
