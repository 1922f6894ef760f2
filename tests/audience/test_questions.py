"""Questions to the crew: asking, answering, reporting and who sees what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audience import questions, selectors
from audience.models import (
    Answer,
    Notification,
    NotificationKind,
    Question,
    QuestionReport,
)
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(db):
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def author(db):
    return UserFactory(username="publicist")


@pytest.fixture
def post(production, author):
    return PostFactory(production=production, author=author, title="Night shoot")


@pytest.fixture
def crew(crew_person, production):
    """A crew account credited on the production."""
    CreditFactory(production=production, person=crew_person)
    return crew_person.user


@pytest.fixture
def crew_client(crew) -> Client:
    client = Client()
    client.force_login(crew)
    return client


def ask(user, post, body="Which lens for the night exteriors?") -> Question:
    return questions.question_ask(user=user, post=post, body=body)


def page(client: Client, post) -> str:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- Asking ---------------------------------------------------------------------------
def test_asking_tells_the_author_and_the_credited_crew(fan, post, author, crew):
    stranger = UserFactory(username="stranger")

    question = ask(fan, post)

    told = set(
        Notification.objects.filter(
            kind=NotificationKind.QUESTION, question=question
        ).values_list("user__username", flat=True)
    )
    assert told == {author.username, crew.username}
    assert not Notification.objects.filter(user__in=[fan, stranger]).exists()


def test_the_asker_is_not_told_of_their_own_question(post, crew):
    ask(crew, post)

    assert not Notification.objects.filter(user=crew).exists()
    assert Notification.objects.filter(user=post.author).count() == 1


def test_an_unanswered_question_is_seen_by_its_asker_and_answerers_only(
    fan, fan_client, other_fan, post, crew_client, curator
):
    ask(fan, post, body="How long did the rain rig take?")
    other = Client()
    other.force_login(other_fan)
    author = Client()
    author.force_login(post.author)
    curator_client = Client()
    curator_client.force_login(curator)

    assert "How long did the rain rig take?" not in page(Client(), post)
    assert "How long did the rain rig take?" not in page(other, post)
    mine = page(fan_client, post)
    assert "How long did the rain rig take?" in mine
    assert "Waiting for an answer — only you can see it." in mine
    for answerer in (crew_client, author, curator_client):
        body = page(answerer, post)
        assert "How long did the rain rig take?" in body
        assert 'name="body"' in body
        assert "only you can see it" not in body


@pytest.mark.parametrize(
    "state",
    [
        {"draft": True},
        {"pending": True},
        {"publish_at": timezone.now() + datetime.timedelta(days=2)},
    ],
    ids=["draft", "pending", "embargoed"],
)
def test_no_question_on_a_post_that_is_not_public(fan, production, state):
    post = PostFactory(production=production, **state)

    with pytest.raises(ValidationError) as error:
        ask(fan, post)

    assert "post" in error.value.message_dict
    assert not Question.objects.exists()
    assert not Notification.objects.exists()


def test_an_embargoed_post_is_not_found_by_a_fan(fan_client, production):
    post = PostFactory(
        production=production, publish_at=timezone.now() + datetime.timedelta(days=2)
    )

    response = fan_client.post(
        reverse("audience:question-ask", args=[post.slug]), {"body": "Hello?"}
    )

    assert response.status_code == 404
    assert not Question.objects.exists()


def test_the_author_of_a_draft_is_told_why_not(production, author):
    draft = PostFactory(production=production, author=author, draft=True)
    client = Client()
    client.force_login(author)

    response = client.post(
        reverse("audience:question-ask", args=[draft.slug]),
        {"body": "A question?"},
        follow=True,
    )

    assert "Questions can only be asked on published posts." in (
        response.content.decode()
    )
    assert not Question.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 1001])
def test_an_empty_or_too_long_question_is_refused(fan, post, body):
    with pytest.raises(ValidationError) as error:
        ask(fan, post, body=body)

    assert "body" in error.value.message_dict
    assert not Question.objects.exists()


def test_a_question_of_1000_characters_is_fine(fan, post):
    assert ask(fan, post, body="x" * 1000).body == "x" * 1000


def test_anonymous_visitors_cannot_ask(post):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        ask(AnonymousUser(), post)
    response = Client().post(
        reverse("audience:question-ask", args=[post.slug]), {"body": "Hi"}
    )
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Question.objects.exists()


def test_questions_per_hour_are_limited(fan, post, settings):
    settings.QUESTIONS_PER_HOUR = 3
    Question.objects.create(
        post=post,
        asker=fan,
        body="An old one",
        created_at=timezone.now() - datetime.timedelta(hours=2),
    )
    for number in range(3):
        ask(fan, post, body=f"Question {number}")

    with pytest.raises(ValidationError) as error:
        ask(fan, post, body="One too many")

    assert "in the last hour" in error.value.messages[0]
    assert Question.objects.filter(asker=fan).count() == 4
    ask(UserFactory(username="someone-else"), post)  # the limit is per user


def test_the_page_shows_the_rate_limit_as_an_error(fan, fan_client, post, settings):
    settings.QUESTIONS_PER_HOUR = 1
    url = reverse("audience:question-ask", args=[post.slug])
    fan_client.post(url, {"body": "First"})

    response = fan_client.post(url, {"body": "Second"}, follow=True)

    assert "in the last hour" in response.content.decode()
    assert Question.objects.count() == 1


# --- Answering ------------------------------------------------------------------------
def test_credited_crew_answer_with_the_badge_and_the_asker_is_told(
    fan, fan_client, post, crew, crew_client, crew_person
):
    question = ask(fan, post)

    response = crew_client.post(
        reverse("audience:question-answer", args=[question.pk]),
        {"body": "A **35mm** anamorphic, wide open."},
    )

    assert response.status_code == 302
    answer = Answer.objects.get(question=question)
    assert answer.by_credited_crew
    assert answer.person == crew_person
    assert answer.author == crew
    assert Notification.objects.filter(
        user=fan, kind=NotificationKind.ANSWER, question=question
    ).exists()
    for client in (Client(), fan_client):
        body = page(client, post)
        assert "Which lens for the night exteriors?" in body
        assert "<strong>35mm</strong>" in body
        assert "Credited crew" in body
        assert crew_person.get_absolute_url() in body
        assert "only you can see it" not in body


def test_the_post_author_and_curators_answer_without_the_badge(
    fan, post, author, curator
):
    first, second = ask(fan, post, body="One?"), ask(fan, post, body="Two?")

    by_author = questions.question_answer(user=author, question=first, body="Yes.")
    by_curator = questions.question_answer(user=curator, question=second, body="No.")

    assert not by_author.by_credited_crew and by_author.person is None
    assert not by_curator.by_credited_crew


def test_someone_not_credited_cannot_answer(fan, other_fan, post, production):
    uncredited = UserFactory(username="elsewhere")
    PersonFactory(user=uncredited)
    CreditFactory(person=uncredited.person)  # on another production
    question = ask(fan, post)

    for user in (other_fan, uncredited, fan):
        with pytest.raises(PermissionDenied):
            questions.question_answer(user=user, question=question, body="Hm.")
    client = Client()
    client.force_login(uncredited)
    response = client.post(
        reverse("audience:question-answer", args=[question.pk]), {"body": "Hm."}
    )

    assert response.status_code == 403
    assert not Answer.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.ANSWER).exists()


def test_one_answer_per_question(fan, post, crew, author):
    question = ask(fan, post)
    questions.question_answer(user=crew, question=question, body="First.")

    with pytest.raises(ValidationError) as error:
        questions.question_answer(user=author, question=question, body="Second.")

    assert "already has an answer" in error.value.messages[0]
    assert Answer.objects.get().body == "First."


@pytest.mark.parametrize("body", ["", "x" * 4001])
def test_an_empty_or_too_long_answer_is_refused(fan, post, crew, body):
    question = ask(fan, post)

    with pytest.raises(ValidationError) as error:
        questions.question_answer(user=crew, question=question, body=body)

    assert "body" in error.value.message_dict
    assert not Answer.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.ANSWER).exists()


def test_its_author_edits_an_answer(fan, post, crew, author):
    question = ask(fan, post)
    answer = questions.question_answer(user=crew, question=question, body="First.")

    questions.answer_edit(user=crew, answer=answer, body="Better.")
    with pytest.raises(PermissionDenied):
        questions.answer_edit(user=author, answer=answer, body="Mine.")

    answer.refresh_from_db()
    assert answer.body == "Better."


def test_markdown_is_sanitised(fan, post, crew, fan_client):
    question = ask(fan, post, body="<script>alert('q')</script> *Why?*")
    questions.question_answer(
        user=crew,
        question=question,
        body='<script>alert("a")</script><a href="javascript:x()">link</a> ok',
    )

    body = page(Client(), post)

    assert "<script>alert" not in body
    assert "javascript:x()" not in body
    assert "<em>Why?</em>" in body


# --- Reports and curators -------------------------------------------------------------
def test_a_question_is_reported_once_per_user(fan, other_fan, post, crew):
    question = ask(fan, post)
    questions.question_answer(user=crew, question=question, body="Sure.")
    client = Client()
    client.force_login(other_fan)
    url = reverse("audience:question-report", args=[question.pk])

    client.post(url, {"reason": "Rude"})
    again = client.post(url, {"reason": "Rude"}, follow=True)

    assert "You have already reported this question." in again.content.decode()
    report = QuestionReport.objects.get()
    assert (report.reporter, report.reason) == (other_fan, "Rude")


def test_a_waiting_question_cannot_be_reported_by_who_cannot_see_it(
    fan, other_fan, post
):
    question = ask(fan, post)
    client = Client()
    client.force_login(other_fan)

    response = client.post(reverse("audience:question-report", args=[question.pk]))

    assert response.status_code == 404
    assert not QuestionReport.objects.exists()


def test_a_hidden_question_leaves_the_page(
    fan, post, crew, other_fan, django_capture_on_commit_callbacks
):
    question = ask(fan, post, body="Something rude")
    questions.question_answer(user=crew, question=question, body="Well.")
    other = Client()
    other.force_login(other_fan)
    assert "Something rude" in page(other, post)

    with django_capture_on_commit_callbacks(execute=True):
        questions.question_hide(question=question)

    assert "Something rude" not in page(Client(), post)
    assert "Something rude" not in page(other, post)
    assert selectors.questions_for(post, crew, can_answer=True) == []
    with django_capture_on_commit_callbacks(execute=True):
        questions.question_show(question=question)
    assert "Something rude" in page(Client(), post)


def test_a_hidden_answer_is_not_shown(fan, post, crew):
    question = ask(fan, post)
    answer = questions.question_answer(user=crew, question=question, body="Oops.")
    Answer.objects.filter(pk=answer.pk).update(is_hidden=True)

    assert "Oops." not in page(Client(), post)
    assert "Which lens" not in page(Client(), post)


def test_questions_for_takes_a_fixed_number_of_queries(
    fan, post, crew, django_assert_num_queries
):
    for number in range(5):
        question = ask(UserFactory(username=f"asker-{number}"), post)
        questions.question_answer(user=crew, question=question, body="Yes.")
    ask(fan, post)

    with django_assert_num_queries(1):
        shown = selectors.questions_for(post, fan)
        names = [q.shown_answer.person.name for q in shown if q.shown_answer]

    assert len(shown) == 6 and len(names) == 5


def test_admin_hides_and_shows_questions(fan, post, crew, curator):
    question = ask(fan, post)
    client = Client()
    client.force_login(curator)
    changelist = reverse("admin:audience_question_changelist")

    assert client.get(changelist).status_code == 200
    assert client.get(f"{changelist}?answered=no&is_hidden__exact=0").status_code == 200
    client.post(
        changelist, {"action": "hide", "_selected_action": [question.pk]}, follow=True
    )
    question.refresh_from_db()
    assert question.is_hidden
    client.post(changelist, {"action": "show", "_selected_action": [question.pk]})
    question.refresh_from_db()
    assert not question.is_hidden
    change = reverse("admin:audience_question_change", args=[question.pk])
    assert client.get(change).status_code == 200
    reports = reverse("admin:audience_questionreport_changelist")
    assert client.get(reports).status_code == 200


# --- The page cache -------------------------------------------------------------------
def test_an_answer_refreshes_the_cached_page(
    fan, post, crew, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    question = ask(fan, post, body="Was it real rain?")
    anonymous = Client()
    first = anonymous.get(post.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert anonymous.get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    assert "Was it real rain?" not in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        questions.question_answer(user=crew, question=question, body="Rain towers.")

    after = anonymous.get(post.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    body = after.content.decode()
    assert "Was it real rain?" in body and "Rain towers." in body
    assert "csrfmiddlewaretoken" not in body
    assert "Sign in to ask the crew a question" in body

    with django_capture_on_commit_callbacks(execute=True):
        questions.question_hide(question=question)
    assert "Rain towers." not in anonymous.get(post.get_absolute_url()).content.decode()
