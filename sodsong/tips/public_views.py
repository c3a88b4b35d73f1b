"""The public tip line at /tip/: no sign-in, Thai-first, works on a cheap phone."""

from __future__ import annotations

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sodsong.core.busy import busy_message, is_busy
from sodsong.core.errors import show_refusal
from sodsong.geo import selectors as geo
from sodsong.geo.models import Area, Level
from sodsong.tips import selectors, services
from sodsong.tips.forms import PublicTipForm, StatusLookupForm


def client_address(request: HttpRequest) -> str:
    """The client's address, only ever hashed. Behind a reverse proxy the operator sets
    SODSONG_TRUSTED_PROXY_HOPS so the address the proxy saw is used."""
    hops = int(getattr(settings, "SODSONG_TRUSTED_PROXY_HOPS", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _provinces() -> list[Area]:
    deployment = getattr(settings, "DEPLOYMENT_AREA", "TH")
    areas = geo.provinces()
    if deployment != "TH":
        areas = areas.filter(code=deployment)
    return list(areas)


def picker_context(
    *, province: str = "", district: str = "", subdistrict: str = "", village: str = ""
) -> dict[str, object]:
    """The options of each level of the place picker, keeping only a consistent choice."""
    provinces = _provinces()
    if len(provinces) == 1 and not province:
        province = provinces[0].code
    codes = {p.code for p in provinces}
    province = province if province in codes else ""
    districts = list(geo.children(code=province, level=Level.DISTRICT)) if province else []
    district = district if district in {a.code for a in districts} else ""
    subdistricts = list(geo.children(code=district, level=Level.SUBDISTRICT)) if district else []
    subdistrict = subdistrict if subdistrict in {a.code for a in subdistricts} else ""
    villages = list(geo.villages_of(subdistrict)) if subdistrict else []
    village = village if village in {a.code for a in villages} else ""
    return {
        "provinces": provinces,
        "districts": districts,
        "subdistricts": subdistricts,
        "villages": villages,
        "chosen": {
            "province": province,
            "district": district,
            "subdistrict": subdistrict,
            "village": village,
        },
    }


@require_GET
def picker(request: HttpRequest) -> HttpResponse:
    """htmx partial: the place picker, re-rendered after each choice."""
    get = request.GET
    context = picker_context(
        province=get.get("province", ""),
        district=get.get("district", ""),
        subdistrict=get.get("subdistrict", ""),
        village=get.get("village", ""),
    )
    return render(request, "tips/_area_picker.html", context)


@never_cache
def tip_form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PublicTipForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                tip = services.public_tip_submit(
                    description=data["description"],
                    client_address=client_address(request),
                    province=data["province"],
                    district=data["district"],
                    subdistrict=data["subdistrict"],
                    village=data["village"],
                    place_text=data["place_text"],
                    occurred_on=data["occurred_on"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"],
                    files=data["files"],
                    honeypot=data["website"],
                )
            except services.TipError as exc:  # a refused file too; RateLimited answers 429
                show_refusal(request, exc, form)
                status = exc.status
            except OperationalError as exc:
                # The database stayed busy past its wait (issue 18): the tip is refused, never
                # half-saved, and the form comes back filled in with a Thai request to resend.
                if not is_busy(exc):
                    raise
                form.add_error(None, busy_message())
                status = 503
            else:
                return render(request, "tips/public_thanks.html", {"code": tip.tracking_code})
        else:
            status = 400
        picker = picker_context(
            **{
                k: request.POST.get(k, "")
                for k in ("province", "district", "subdistrict", "village")
            }
        )
        return render(request, "tips/public_form.html", {"form": form, **picker}, status=status)
    return render(request, "tips/public_form.html", {"form": PublicTipForm(), **picker_context()})


@never_cache
@require_GET
def tip_status(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.GET or None)
    context: dict[str, object] = {"form": form, "looked_up": False}
    status = 200
    if form.is_bound and form.is_valid():
        try:
            services.rate_limit_hit(bucket="tip_lookup", client_address=client_address(request))
        except services.RateLimited as exc:
            show_refusal(request, exc, form)
            return render(request, "tips/public_status.html", context, status=429)
        tip = selectors.public_status(code=form.cleaned_data["code"])
        context["looked_up"] = True
        # Only the status: never the notes, the score, the area or who looked at it.
        context["public_status"] = tip.public_status if tip else None
        context["received_on"] = tip.created_at if tip else None
        if tip is None:
            status = 404
    return render(request, "tips/public_status.html", context, status=status)
