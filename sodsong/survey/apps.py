from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "sodsong.survey"
    label = "survey"
