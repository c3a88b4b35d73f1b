from django.urls import path

from sodsong.survey import views

app_name = "survey"
urlpatterns = [path("", views.index, name="index")]
