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
    assert 'aria-valuenow="40"' in page.content.decode()
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
