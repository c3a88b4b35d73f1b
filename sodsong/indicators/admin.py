from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sodsong.indicators import formula
from sodsong.indicators.catalogue import BUILTIN_BY_CODE, by_code
from sodsong.indicators.models import FormulaIndicator, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name_th", "name_en", "confirmed")
    list_filter = ("confirmed",)
    search_fields = ("name_th", "name_en")
    date_hierarchy = "date"


class FormulaIndicatorForm(forms.ModelForm):
    class Meta:
        model = FormulaIndicator
        fields = (
            "code",
            "name_th",
            "name_en",
            "expression",
            "unit_th",
            "unit_en",
            "item",
            "decimals",
            "active",
            "order",
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        code = data.get("code") or ""
        if code in BUILTIN_BY_CODE:
            self.add_error("code", _("This code belongs to a built-in indicator."))
        expression = data.get("expression") or ""
        try:
            formula.validate(expression, {c for c in by_code() if c != code})
        except formula.FormulaError as exc:
            self.add_error(
                "expression", _("The formula is not valid: %(reason)s") % {"reason": exc}
            )
        return data


@admin.register(FormulaIndicator)
class FormulaIndicatorAdmin(admin.ModelAdmin):
    form = FormulaIndicatorForm
    list_display = ("code", "name_th", "expression", "active", "order")
    list_editable = ("active", "order")

    def save_model(self, request, obj, form, change):
        from sodsong.indicators.selectors import clear_cache

        super().save_model(request, obj, form, change)
        clear_cache()
