from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.people import duplicates, selectors
from sodsong.people.services import PersonError


@login_required
def person_list_view(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    people = selectors.person_list(user=request.user, query=query, limit=100)
    return render(
        request, "people/list.html", {"people": people, "query": query, "nav_active": "people"}
    )


@login_required
def person_detail_view(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    person = selectors.person_get(user=request.user, uuid=uuid)
    if person is None:
        # Out of scope answers like a missing record: it must not confirm that the person exists.
        raise Http404
    return render(request, "people/detail.html", {"person": person, "nav_active": "people"})


@login_required
def duplicate_list_view(request: AuthedHttpRequest) -> HttpResponse:
    """Possible duplicates whose two people the viewer may both see (#17 C1): merge the newer
    record into the earlier one, or dismiss the flag. A flag he may not decide answers 404."""
    if request.method == "POST":
        flag = selectors.possible_duplicate_get(
            user=request.user, uuid=request.POST.get("flag", "")
        )
        if flag is None:
            raise Http404
        action = request.POST.get("action", "")
        try:
            if action == "merge":
                duplicates.duplicate_merge(user=request.user, flag=flag)
                messages.success(request, _("The two records were merged into one."))
            elif action == "dismiss":
                duplicates.duplicate_dismiss(user=request.user, flag=flag)
                messages.success(request, _("Kept as two different people."))
            else:
                return HttpResponseBadRequest()
        except PersonError as exc:
            messages.error(request, str(exc))
        return redirect("people:duplicates")
    flags = selectors.possible_duplicates(user=request.user)
    return render(request, "people/duplicates.html", {"flags": flags, "nav_active": "people"})
