from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sodsong.awareness.models import ActivityType, Topic
from sodsong.geo.models import Area
from sodsong.web.forms import MultipleFileField, ThaiDateField


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        if not obj.parent_id:
            return obj.name_th
        return gettext("Moo %(moo)s %(name)s, %(subdistrict)s") % {
            "moo": obj.moo,
            "name": obj.name_th,
            "subdistrict": obj.parent.name_th,
        }


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.name_th


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of activity"), choices=ActivityType.choices)
    held_on = ThaiDateField(label=_("Date (B.E. or C.E.)"))
    village = VillageChoiceField(label=_("Village"), queryset=Area.objects.none())
    audience = forms.IntegerField(
        label=_("Audience headcount"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    topics = TopicChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    material = forms.CharField(
        label=_("Material used (e.g. DOPA leaflet, video clip)"), required=False, max_length=300
    )
    photos = MultipleFileField(accept="image/*", label=_("Photos (optional)"), required=False)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages
            if villages.count() == 1:
                self.fields["village"].initial = villages.first()
        self.fields["topics"].queryset = Topic.objects.filter(active=True)


class TotalsFilter(forms.Form):
    area = forms.CharField(label=_("Area code"), required=False, max_length=8)
    date_from = ThaiDateField(label=_("From"), required=False)
    date_to = ThaiDateField(label=_("To"), required=False)


class TopicForm(forms.Form):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=100)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason for deleting"), max_length=300)
