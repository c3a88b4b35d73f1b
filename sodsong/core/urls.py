from django.urls import path

from sodsong.core import views

app_name = "core"
urlpatterns = [path("<uuid:uuid>", views.attachment_download, name="attachment")]
