"""The "Questions to the crew" section of post pages.

Post pages are kept in the page cache only for visitors without a session
(bts_catalog.caching): the cached page has the answered questions and a sign-in
link, never anyone's own or waiting questions, nor a form's CSRF token.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from media_assets.markdown import render_markdown
from media_assets.models import Post

from .. import selectors
from ..questions import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, post_can_answer

register = template.Library()


@register.inclusion_tag("audience/questions.html", takes_context=True)
def questions_section(context, post: Post) -> dict:
    request = context["request"]
    user = request.user
    can_answer = post_can_answer(user=user, post=post)
    questions = selectors.questions_for(post, user, can_answer=can_answer)
    return {
        "csrf_token": context.get("csrf_token"),
        "post": post,
        "questions": questions,
        "signed_in": user.is_authenticated,
        "can_answer": can_answer,
        "open_to_questions": post.is_public,
        "next": request.get_full_path(),
        "question_max_length": QUESTION_MAX_LENGTH,
        "answer_max_length": ANSWER_MAX_LENGTH,
    }


@register.filter
def question_markdown(text: str) -> SafeString:
    """A question's or an answer's Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 sanitised it
