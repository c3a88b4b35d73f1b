"""The demo province carries a realistic survey: a few hundred residents, TM.30 gaps, visits with
red flags, and a district round half-submitted; building it again changes nothing."""

from sodsong.core.context import Actor, acting_as
from sodsong.geo.models import Area
from sodsong.survey import demo
from sodsong.survey.models import (
    Residence,
    Resident,
    Submission,
    SurveyRound,
    Tm30Status,
    Visit,
)


def test_demo_has_a_few_hundred_residents_with_tm30_gaps(db):
    assert 200 <= Resident.objects.count() <= 600
    current = Residence.objects.filter(moved_out_on__isnull=True)
    assert current.filter(tm30_status=Tm30Status.MISSING).count() >= 20
    assert current.filter(tm30_status=Tm30Status.LATE).count() >= 5
    assert current.filter(tm30_status=Tm30Status.ON_TIME).count() >= 50
    assert Visit.objects.filter(red_flags__isnull=False).exists()


def test_demo_round_is_half_submitted(db):
    survey_round = SurveyRound.objects.get(name=demo.ROUND_NAME)
    submissions = survey_round.submissions.all()
    done = submissions.exclude(status=Submission.Status.DRAFT).count()
    assert 0.3 <= done / submissions.count() <= 0.6
    assert submissions.filter(status=Submission.Status.RETURNED).exists()
    assert submissions.filter(status=Submission.Status.SUBMITTED).exists()


def test_demo_headman_has_residents_in_own_village(personas):
    village = personas.headman.role_assignments.get().areas.get()
    assert Resident.objects.filter(area=village).count() >= 2


def test_building_the_demo_again_changes_nothing(db):
    counts = (Resident.objects.count(), Visit.objects.count(), Submission.objects.count())
    with acting_as(Actor(user_id=None, via="command")):
        demo.build(province=Area.objects.get(code="47"), seed=2567)
    assert (Resident.objects.count(), Visit.objects.count(), Submission.objects.count()) == counts
