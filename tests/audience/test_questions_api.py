"""The API of questions to the crew."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audience import questions
from audience.models import Answer, Notification, NotificationKind, Question
from tests.factories import CreditFactory, PostFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(db):
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def post(production):
    return PostFactory(production=production, author=UserFactory(username="publicist"))


@pytest.fixture
def crew(crew_person, production):
    CreditFactory(production=production, person=crew_person)
    return crew_person.user


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(post) -> str:
    return f"/api/v1/posts/{post.slug}/questions/"


def test_ask_and_list(fan_api, fan, post, crew, other_fan):
    created = fan_api.post(url(post), {"body": "Real *rain*?"}, format="json")

    assert created.status_code == 201
    data = created.json()
    assert data["is_yours"] and data["answer"] is None
    assert data["body_html"] == "<p>Real <em>rain</em>?</p>"
    assert Notification.objects.filter(
        user=crew, kind=NotificationKind.QUESTION
    ).exists()
    assert [q["id"] for q in fan_api.get(url(post)).json()] == [data["id"]]
    assert api_as(crew).get(url(post)).json()[0]["is_yours"] is False
    assert api_as(other_fan).get(url(post)).json() == []
    assert APIClient().get(url(post)).json() == []


def test_answer_shows_to_everyone_with_the_badge(fan, post, crew, crew_person):
    question = questions.question_ask(user=fan, post=post, body="Lens?")

    answered = api_as(crew).post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "A 35mm."}, format="json"
    )

    assert answered.status_code == 201
    shown = APIClient().get(url(post)).json()
    assert len(shown) == 1
    answer = shown[0]["answer"]
    assert answer["by_credited_crew"] is True
    assert answer["person"]["slug"] == crew_person.slug
    assert answer["body_html"] == "<p>A 35mm.</p>"
    assert Notification.objects.filter(user=fan, kind=NotificationKind.ANSWER).exists()


def test_a_fan_who_is_not_credited_gets_a_403(fan, post, other_fan):
    question = questions.question_ask(user=fan, post=post, body="Lens?")

    response = api_as(other_fan).post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "Guess."}, format="json"
    )

    assert response.status_code == 403
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [({}, "body"), ({"body": ""}, "body"), ({"body": "x" * 1001}, "body")],
)
def test_bad_questions_are_400s_naming_the_field(fan_api, post, payload, field):
    response = fan_api.post(url(post), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Question.objects.exists()


def test_blank_after_trimming_is_a_400(fan_api, post):
    response = fan_api.post(url(post), {"body": "   "}, format="json")

    assert response.status_code == 400
    assert "body" in response.json()


def test_rate_limit_is_a_400(fan_api, post, settings):
    settings.QUESTIONS_PER_HOUR = 1
    fan_api.post(url(post), {"body": "One"}, format="json")

    response = fan_api.post(url(post), {"body": "Two"}, format="json")

    assert response.status_code == 400
    assert "in the last hour" in str(response.json())


@pytest.mark.parametrize(
    "state",
    [{"draft": True}, {"publish_at": timezone.now() + datetime.timedelta(days=1)}],
    ids=["draft", "embargoed"],
)
def test_a_post_that_is_not_public_is_a_404(fan_api, production, state):
    post = PostFactory(production=production, **state)

    assert fan_api.get(url(post)).status_code == 404
    assert fan_api.post(url(post), {"body": "Hi"}, format="json").status_code == 404
    assert APIClient().get(url(post)).status_code == 404
    assert not Question.objects.exists()


def test_its_author_asking_on_a_draft_gets_a_400_on_post(production):
    author = UserFactory(username="drafter")
    draft = PostFactory(production=production, author=author, draft=True)

    response = api_as(author).post(url(draft), {"body": "Hi"}, format="json")

    assert response.status_code == 400
    assert "post" in response.json()


def test_anonymous_writes_are_401s(post, fan):
    question = questions.question_ask(user=fan, post=post, body="Lens?")
    client = APIClient()

    assert client.post(url(post), {"body": "Hi"}, format="json").status_code == 401
    assert (
        client.post(f"/api/v1/questions/{question.pk}/answer/", {"body": "x"})
    ).status_code == 401
    assert client.post(f"/api/v1/questions/{question.pk}/report/").status_code == 401


def test_report_once(fan, other_fan, post, crew):
    question = questions.question_ask(user=fan, post=post, body="Lens?")
    questions.question_answer(user=crew, question=question, body="35mm.")
    client = api_as(other_fan)
    report_url = f"/api/v1/questions/{question.pk}/report/"

    first = client.post(report_url, {"reason": "Off topic"}, format="json")
    second = client.post(report_url, {}, format="json")

    assert first.status_code == 201
    assert first.json()["reason"] == "Off topic"
    assert second.status_code == 400
    assert "question" in second.json()


def test_a_hidden_question_leaves_the_api(fan, post, crew, other_fan):
    question = questions.question_ask(user=fan, post=post, body="Lens?")
    questions.question_answer(user=crew, question=question, body="35mm.")
    questions.question_hide(question=question)

    assert APIClient().get(url(post)).json() == []
    assert api_as(other_fan).get(url(post)).json() == []
    report = api_as(other_fan).post(f"/api/v1/questions/{question.pk}/report/")
    assert report.status_code == 404


def test_an_unknown_question_is_a_404(fan_api):
    response = fan_api.post("/api/v1/questions/999/answer/", {"body": "x"})
    assert response.status_code == 404
