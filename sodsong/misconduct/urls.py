from django.urls import path

from sodsong.misconduct import views

app_name = "misconduct"
urlpatterns = [path("", views.index, name="index")]
