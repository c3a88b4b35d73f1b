from django.urls import path

from sodsong.entities import views

app_name = "entities"
urlpatterns = [path("", views.index, name="index")]
