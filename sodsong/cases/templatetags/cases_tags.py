"""`{% my_case_tasks %}`: the signed-in officer's open case tasks, overdue first, for the home
page (include "cases/_my_tasks.html")."""

from __future__ import annotations

from django import template

from sodsong.cases.selectors import tasks_for_user

register = template.Library()


@register.inclusion_tag("cases/_task_list.html", takes_context=True)
def my_case_tasks(context: template.Context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    tasks = tasks_for_user(user=user) if user is not None and user.is_authenticated else []
    return {"tasks": tasks, "request": request}
