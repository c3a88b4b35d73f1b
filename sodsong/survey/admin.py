"""Administrators edit the behavioural red flags offered on the visit form (DOMAIN §5)."""

from django.contrib import admin

from sodsong.survey.models import RedFlag


@admin.register(RedFlag)
class RedFlagAdmin(admin.ModelAdmin):
    list_display = ("code", "category", "label_th", "label_en", "active", "order")
    list_filter = ("category", "active")
    list_editable = ("active", "order")
    search_fields = ("code", "label_th", "label_en")
    readonly_fields = ("uuid", "created_at")
