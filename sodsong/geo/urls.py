from django.urls import path

from sodsong.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.my_areas, name="my_areas"),
    path("<str:code>/", views.area_detail, name="area_detail"),
]
