from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.people import selectors


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
