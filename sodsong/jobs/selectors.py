"""Which background jobs a user may follow: those he started, and, for an administrator, those
working on an area he oversees (`Scope.oversight_filter`). A job's name, progress and message
can tell what is happening in an area (an import of a village's residents), so an admin of
another province sees none of them (#17 H1)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.jobs.models import JobRun


def can_list_jobs(user: User) -> bool:
    return scope_for(user).has_role(Role.PROVINCE, Role.ADMIN)


def job_queryset(*, user: User) -> QuerySet[JobRun]:
    if not getattr(user, "is_authenticated", False):
        return JobRun.objects.none()
    visible = Q(requested_by=user)
    scope = scope_for(user)
    if scope.has_role(Role.PROVINCE, Role.ADMIN):
        visible |= scope.oversight_filter("area_code")
    return JobRun.objects.filter(visible)
