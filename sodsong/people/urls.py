from django.urls import path

from sodsong.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list_view, name="list"),
    path("duplicates/", views.duplicate_list_view, name="duplicates"),
    path("<uuid:uuid>/", views.person_detail_view, name="detail"),
]
