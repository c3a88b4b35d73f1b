from django.urls import path

from sodsong.tips import views

app_name = "tips"
urlpatterns = [path("", views.index, name="index")]
