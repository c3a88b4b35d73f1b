from django.urls import path

from sodsong.awareness import views

app_name = "awareness"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.activity_new, name="new"),
    path("topics/", views.topic_list, name="topics"),
    path("<uuid:uuid>/", views.activity_detail, name="detail"),
    path("<uuid:uuid>/delete/", views.activity_delete, name="delete"),
]
