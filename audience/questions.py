"""Questions to the crew: a signed-in fan asks on a published post; the post's
author, the crew credited on its production or a curator answers, once; anyone
signed in may report a question; curators hide, show or delete them.

An unanswered question is seen only by its asker and by those who may answer
it; an answer is public, and the pages that show it are refreshed at once.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from bts_catalog.caching import bump_content_version
from bts_catalog.roles import is_curator
from media_assets.models import Post
from productions.models import Credit, Person

from .models import Answer, Question, QuestionReport
from .notifications import question_answered, question_asked

QUESTION_MAX_LENGTH = Question._meta.get_field("body").max_length
ANSWER_MAX_LENGTH = Answer._meta.get_field("body").max_length
REPORT_REASON_MAX_LENGTH = QuestionReport._meta.get_field("reason").max_length
RATE_PERIOD = datetime.timedelta(hours=1)
NOT_AN_ANSWERER = (
    "Only the post's author, the crew credited on its production or a curator "
    "can answer this question."
)


def _require_signed_in(user, doing: str) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise PermissionDenied(f"Sign in to {doing}.")


def _checked_text(text: str, *, field: str, what: str, max_length: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"Write your {what} first: it is empty."})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: f"Keep your {what} to {max_length} characters "
                f"(it has {len(text)})."
            }
        )
    return text


def _refresh_public_pages() -> None:
    """Cached pages show the answers: make every one of them anew, once the
    change is committed (a page made before then would be stored as new)."""
    transaction.on_commit(bump_content_version)


# --- Who may answer ---------------------------------------------------------------
def credited_person(*, user, post: Post) -> Person | None:
    """The user's person if it holds a credit on the post's production."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    credited = Credit.objects.filter(
        production_id=post.production_id, person=person
    ).exists()
    return person if credited else None


def post_can_answer(*, user, post: Post) -> bool:
    """The post's author, crew credited on its production, and curators."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if post.author_id == user.pk or is_curator(user):
        return True
    return Credit.objects.filter(
        production_id=post.production_id, person__user=user
    ).exists()


def question_can_answer(*, user, question: Question) -> bool:
    return post_can_answer(user=user, post=question.post)


def question_visible_to(user, pk: int) -> Question | None:
    """The question ``pk`` if ``user`` sees it on its post's page, else None."""
    question = Question.objects.select_related("post").filter(pk=pk).first()
    if question is None or not question.post.is_public:
        return None
    if question.asker_id == getattr(user, "pk", None):
        return question
    if question.is_hidden:
        return None
    answer = Answer.objects.filter(question=question).first()
    if answer is not None and not answer.is_hidden:
        return question
    if answer is None and question_can_answer(user=user, question=question):
        return question
    return None


def answerable_by(user, pk: int) -> Question | None:
    """The question ``pk`` on a post ``user`` can see (whether or not they may
    answer it: the service says so), else None."""
    return (
        Question.objects.select_related("post")
        .filter(pk=pk, post__in=Post.objects.visible_to(user))
        .first()
    )


def answerers_of(post: Post) -> QuerySet:
    """The accounts told of a new question: the post's author and the crew with
    accounts credited on its production, each once."""
    credited = Credit.objects.filter(production_id=post.production_id).values(
        "person__user"
    )
    return (
        get_user_model()
        .objects.filter(Q(pk=post.author_id) | Q(pk__in=credited), is_active=True)
        .only("pk")
    )


# --- Writes -------------------------------------------------------------------------
@transaction.atomic
def question_ask(*, user, post: Post, body: str) -> Question:
    """Ask a question on a public post; its author and credited crew are told.

    Refused (nothing written) for a post that is not public, an empty or
    too long question, or an asker over ``QUESTIONS_PER_HOUR``.
    """
    _require_signed_in(user, "ask a question")
    if not post.is_public:
        raise ValidationError(
            {"post": "Questions can only be asked on published posts."}
        )
    body = _checked_text(
        body, field="body", what="question", max_length=QUESTION_MAX_LENGTH
    )
    limit = settings.QUESTIONS_PER_HOUR
    recent = Question.objects.filter(
        asker=user, created_at__gte=timezone.now() - RATE_PERIOD
    ).count()
    if recent >= limit:
        raise ValidationError(
            f"You have asked {limit} questions in the last hour, the most there "
            "can be; please wait a little before asking another.",
            code="rate_limited",
        )
    question = Question(post=post, asker=user, body=body)
    question.full_clean()
    question.save()
    question_asked(question=question, recipients=answerers_of(post))
    return question


@transaction.atomic
def question_answer(*, user, question: Question, body: str) -> Answer:
    """Answer a question, once: by the post's author, credited crew (the answer
    then carries the "credited crew" badge) or a curator. The asker is told."""
    _require_signed_in(user, "answer")
    if not question_can_answer(user=user, question=question):
        raise PermissionDenied(NOT_AN_ANSWERER)
    # Locks the question, so that two answers sent at once make one.
    question = (
        Question.objects.select_for_update().select_related("post").get(pk=question.pk)
    )
    if question.is_hidden:
        raise ValidationError({"question": "This question has been hidden."})
    if not question.post.is_public:
        raise ValidationError(
            {"post": "Questions can only be answered on published posts."}
        )
    if Answer.objects.filter(question=question).exists():
        raise ValidationError({"question": "This question already has an answer."})
    body = _checked_text(
        body, field="body", what="answer", max_length=ANSWER_MAX_LENGTH
    )
    person = credited_person(user=user, post=question.post)
    answer = Answer(
        question=question,
        author=user,
        person=person,
        body=body,
        by_credited_crew=person is not None,
    )
    answer.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            {"question": "This question already has an answer."}
        ) from None
    question_answered(question=question)
    _refresh_public_pages()
    return answer


@transaction.atomic
def answer_edit(*, user, answer: Answer, body: str) -> Answer:
    """Its author rewrites an answer."""
    _require_signed_in(user, "edit an answer")
    if answer.author_id != user.pk:
        raise PermissionDenied("Only its author can edit an answer.")
    answer.body = _checked_text(
        body, field="body", what="answer", max_length=ANSWER_MAX_LENGTH
    )
    answer.full_clean(validate_unique=False)
    answer.save(update_fields=["body"])
    _refresh_public_pages()
    return answer


def question_report(*, user, question: Question, reason: str = "") -> QuestionReport:
    """Flag a question (or its answer) for the curators, once per user."""
    _require_signed_in(user, "report a question")
    reason = (reason or "").strip()
    if len(reason) > REPORT_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": f"Keep the reason to {REPORT_REASON_MAX_LENGTH} "
                f"characters (it has {len(reason)})."
            }
        )
    already = ValidationError({"question": "You have already reported this question."})
    if QuestionReport.objects.filter(question=question, reporter=user).exists():
        raise already
    try:
        with transaction.atomic():  # a savepoint: the same click sent twice at once
            return QuestionReport.objects.create(
                question=question, reporter=user, reason=reason
            )
    except IntegrityError:
        raise already from None


# --- Curators (admin) -----------------------------------------------------------------
def questions_hide(*, questions: QuerySet) -> int:
    """Hide questions (and so their answers) from everyone but their askers."""
    changed = questions.filter(is_hidden=False).update(is_hidden=True)
    if changed:
        _refresh_public_pages()
    return changed


def questions_show(*, questions: QuerySet) -> int:
    changed = questions.filter(is_hidden=True).update(is_hidden=False)
    if changed:
        _refresh_public_pages()
    return changed


def question_hide(*, question: Question) -> None:
    questions_hide(questions=Question.objects.filter(pk=question.pk))
    question.is_hidden = True


def question_show(*, question: Question) -> None:
    questions_show(questions=Question.objects.filter(pk=question.pk))
    question.is_hidden = False


def question_delete(*, question: Question) -> None:
    """Delete a question with its answer, reports and notifications."""
    question.delete()
    _refresh_public_pages()


def questions_changed() -> None:
    """A curator changed questions or answers by hand (admin's change form)."""
    _refresh_public_pages()
