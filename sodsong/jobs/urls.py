from django.urls import path

from sodsong.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:uuid>/", views.job_detail, name="detail"),
]
