"""Background jobs take ids, are enqueued on commit, and report progress."""

from sodsong.jobs.models import JobRun
from sodsong.jobs.services import job_enqueue, job_fail, job_progress
from sodsong.jobs.tasks import rebuild_search_keys
from sodsong.people.models import Person


def test_a_job_is_sent_only_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = job_enqueue(task=rebuild_search_keys, name="rebuild search keys")
    assert run.status == JobRun.Status.QUEUED
    assert len(callbacks) == 1


def test_a_job_reports_progress_and_its_result(db, django_capture_on_commit_callbacks):
    Person.objects.update(search_key="")
    with django_capture_on_commit_callbacks(execute=True):
        run = job_enqueue(task=rebuild_search_keys, name="rebuild search keys")
    run.refresh_from_db()
    assert run.status == JobRun.Status.DONE
    assert run.percent == 100
    assert run.done == run.total == Person.all_objects.count()
    assert run.result == {"people": run.total}
    assert not Person.objects.filter(search_key="").exists()


def test_progress_percent_is_bounded(db):
    run = JobRun.objects.create(name="x")
    job_progress(run.pk, done=5, total=4)
    run.refresh_from_db()
    assert run.percent == 100
    job_fail(run.pk, message="boom")
    run.refresh_from_db()
    assert run.status == JobRun.Status.FAILED


def test_the_requester_follows_progress_and_others_cannot(personas, login, db):
    run = JobRun.objects.create(name="import", requested_by=personas.district, total=10, done=4)
    client = login(personas.district)
    page = client.get(f"/jobs/{run.uuid}/")
    assert page.status_code == 200
    assert 'max="100" value="40"' in page.content.decode()  # a <progress>, no inline width
    other = login(personas.district2)
    assert other.get(f"/jobs/{run.uuid}/").status_code == 404


def test_the_embedded_and_redis_job_backends_are_configurable(monkeypatch):
    import importlib

    import sodsong.settings as settings_module

    monkeypatch.setenv("SODSONG_TESTING", "0")
    monkeypatch.setenv("SODSONG_DEMO", "1")
    monkeypatch.setenv("SODSONG_JOBS", "redis")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.HUEY["huey_class"] == "huey.RedisHuey"
        monkeypatch.setenv("SODSONG_JOBS", "sqlite")
        reloaded = importlib.reload(settings_module)
        assert reloaded.HUEY["huey_class"] == "huey.SqliteHuey"
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


def _other_province_admin(password: str = "unused-password-47"):  # type: ignore[no-untyped-def]
    from sodsong.accounts.models import Role, User
    from sodsong.accounts.services import role_assign
    from sodsong.geo.models import Area

    admin = User.objects.create_user(username="province48-jobs", password=password)
    role_assign(user=admin, role=Role.PROVINCE, areas=list(Area.objects.filter(code="48")))
    role_assign(user=admin, role=Role.ADMIN, areas=[])
    return admin


def test_an_admin_of_another_province_sees_no_job_of_this_one(personas, db):
    """#17 H1: `JobRun` had no area, so any provincial admin saw every job of the deployment."""
    from sodsong.jobs.selectors import job_queryset

    village = JobRun.objects.create(
        name="import", requested_by=personas.headman2, area_code="47020101"
    )
    whole = JobRun.objects.create(name="recompute", requested_by=personas.province)
    other = _other_province_admin()
    assert not job_queryset(user=other).filter(pk__in=[village.pk, whole.pk]).exists()
    province = set(job_queryset(user=personas.province).values_list("pk", flat=True))
    assert {village.pk, whole.pk} <= province  # his province's job, and the one he started
    assert set(job_queryset(user=personas.headman2).values_list("pk", flat=True)) >= {village.pk}
    assert not job_queryset(user=personas.district).filter(pk=village.pk).exists()


def test_the_jobs_page_of_another_provinces_admin_lists_none_of_ours(personas, login, password):
    run = JobRun.objects.create(name="import", requested_by=personas.headman2, area_code="4702")
    client = login(_other_province_admin(password))
    page = client.get("/jobs/")
    assert page.status_code == 200
    assert str(run.uuid) not in page.content.decode()
    assert client.get(f"/jobs/{run.uuid}/").status_code == 404
