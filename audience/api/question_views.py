"""API endpoints of questions to the crew: the questions of a post (as its page
shows them to you), asking one, answering one and reporting one."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from media_assets.models import Post

from .. import questions, selectors
from .question_serializers import (
    AnswerCreateSerializer,
    QuestionCreateSerializer,
    QuestionReportCreateSerializer,
    QuestionReportSerializer,
    QuestionSerializer,
)

NOT_SIGNED_IN = OpenApiResponse(description="Not signed in.")
NO_SUCH_POST = OpenApiResponse(description="No post you can see has this slug.")
NO_SUCH_QUESTION = OpenApiResponse(description="No question you can see has this id.")


class SignedInToWrite(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(
            request.user and request.user.is_authenticated
        )


class PostQuestionsView(APIView):
    """The questions of one post, and asking one."""

    permission_classes = [SignedInToWrite]
    serializer_class = QuestionSerializer

    def _post(self, slug: str) -> Post:
        return get_object_or_404(Post.objects.visible_to(self.request.user), slug=slug)

    @extend_schema(
        summary="Questions to the crew on a post",
        description="The answered questions, the oldest first; signed in, also "
        "your own waiting ones (`is_yours`), and all the waiting ones if you may "
        "answer them (the post's author, crew credited on its production, "
        "curators).",
        responses={200: QuestionSerializer(many=True), 404: NO_SUCH_POST},
    )
    def get(self, request, slug: str):
        post = self._post(slug)
        can_answer = questions.post_can_answer(user=request.user, post=post)
        shown = selectors.questions_for(post, request.user, can_answer=can_answer)
        answer = QuestionSerializer(shown, many=True, context={"request": request})
        return Response(answer.data)

    @extend_schema(
        summary="Ask the crew a question",
        description="On a published post; Markdown, at most 1000 characters, and "
        "at most QUESTIONS_PER_HOUR questions an hour. Only you see it until it "
        "is answered; the post's author and its credited crew are told.",
        request=QuestionCreateSerializer,
        responses={
            201: QuestionSerializer,
            400: OpenApiResponse(
                description="Empty or too long, not a published post, or too many "
                "questions in the last hour."
            ),
            401: NOT_SIGNED_IN,
            404: NO_SUCH_POST,
        },
        examples=[
            OpenApiExample(
                "A question",
                request_only=True,
                value={"body": "Which lens did you use for the night exteriors?"},
            )
        ],
    )
    def post(self, request, slug: str):
        post = self._post(slug)
        incoming = QuestionCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        question = questions.question_ask(
            user=request.user, post=post, body=incoming.validated_data["body"]
        )
        question.shown_answer = None
        answer = QuestionSerializer(question, context={"request": request})
        return Response(answer.data, status=status.HTTP_201_CREATED)


class QuestionAnswerView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = QuestionSerializer

    @extend_schema(
        summary="Answer a question",
        description="By the post's author, crew credited on its production (the "
        "answer shows a “credited crew” badge) or a curator; one answer per "
        "question. It is public at once, and the asker is told.",
        request=AnswerCreateSerializer,
        responses={
            201: QuestionSerializer,
            400: OpenApiResponse(
                description="Empty or too long, or the question already has an answer."
            ),
            401: NOT_SIGNED_IN,
            403: OpenApiResponse(description="You may not answer this question."),
            404: NO_SUCH_QUESTION,
        },
    )
    def post(self, request, pk: int):
        question = questions.answerable_by(request.user, pk)
        if question is None:
            raise Http404
        if not questions.question_can_answer(user=request.user, question=question):
            raise PermissionDenied(questions.NOT_AN_ANSWERER)
        incoming = AnswerCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        answer = questions.question_answer(
            user=request.user, question=question, body=incoming.validated_data["body"]
        )
        question.shown_answer = answer
        shown = QuestionSerializer(question, context={"request": request})
        return Response(shown.data, status=status.HTTP_201_CREATED)


class QuestionReportView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = QuestionReportSerializer

    @extend_schema(
        summary="Report a question",
        description="Flag a question (or its answer) for the curators; once each.",
        request=QuestionReportCreateSerializer,
        responses={
            201: QuestionReportSerializer,
            400: OpenApiResponse(description="Already reported, or too long a reason."),
            401: NOT_SIGNED_IN,
            404: NO_SUCH_QUESTION,
        },
    )
    def post(self, request, pk: int):
        question = questions.question_visible_to(request.user, pk)
        if question is None:
            raise Http404
        incoming = QuestionReportCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = questions.question_report(
            user=request.user,
            question=question,
            reason=incoming.validated_data["reason"],
        )
        shown = QuestionReportSerializer(report)
        return Response(shown.data, status=status.HTTP_201_CREATED)
