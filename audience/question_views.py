"""Pages of questions to the crew: asking, answering and reporting, each a form
on the post page that comes back to it with the outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from media_assets.models import Post

from . import questions
from .views import _back


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
def question_ask(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post.objects.visible_to(request.user), slug=slug)
    try:
        question = questions.question_ask(
            user=request.user, post=post, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        _refused(request, error)
        return _back(request, f"{post.get_absolute_url()}#questions")
    messages.success(
        request,
        "Your question is asked: it shows under the post once the crew answers.",
    )
    return _back(request, f"{post.get_absolute_url()}#question-{question.pk}")


@require_POST
@login_required
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refused with a 403 for someone who may not answer (they never see the
    form)."""
    question = questions.answerable_by(request.user, pk)
    if question is None:
        raise Http404("No such question.")
    back = f"{question.post.get_absolute_url()}#question-{question.pk}"
    try:
        questions.question_answer(
            user=request.user, question=question, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Your answer is published under the post.")
    return _back(request, back)


@require_POST
@login_required
def question_report(request: HttpRequest, pk: int) -> HttpResponse:
    question = questions.question_visible_to(request.user, pk)
    if question is None:
        raise Http404("No such question.")
    try:
        questions.question_report(
            user=request.user, question=question, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Thank you: the curators will look at it.")
    return _back(request, f"{question.post.get_absolute_url()}#question-{question.pk}")
