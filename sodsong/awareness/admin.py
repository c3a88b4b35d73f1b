from django.contrib import admin

from sodsong.awareness.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name_th", "name_en", "code", "active", "order")
    list_editable = ("active", "order")
    search_fields = ("name_th", "name_en", "code")
