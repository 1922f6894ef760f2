"""API representations of questions to the crew and their answers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from media_assets.markdown import render_markdown

from ..models import Answer, Question
from ..questions import (
    ANSWER_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    REPORT_REASON_MAX_LENGTH,
)


class QuestionCreateSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=QUESTION_MAX_LENGTH, help_text="The question, in Markdown."
    )


class AnswerCreateSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH, help_text="The answer, in Markdown."
    )


class QuestionReportCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REPORT_REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="What is wrong with it (optional).",
    )


class AnswererSerializer(serializers.Serializer):
    """The credited person who answered."""

    name = serializers.CharField()
    slug = serializers.SlugField()
    page_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())


class AnswerSerializer(serializers.ModelSerializer):
    body_html = serializers.SerializerMethodField(
        help_text="The answer's Markdown as sanitised HTML."
    )
    by_credited_crew = serializers.BooleanField(
        help_text="Written by someone credited on the production (the badge)."
    )
    person = AnswererSerializer(allow_null=True)

    class Meta:
        model = Answer
        fields = ["body", "body_html", "by_credited_crew", "person", "created_at"]
        read_only_fields = fields

    def get_body_html(self, answer: Answer) -> str:
        return render_markdown(answer.body)


class QuestionSerializer(serializers.ModelSerializer):
    post = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    body_html = serializers.SerializerMethodField(
        help_text="The question's Markdown as sanitised HTML."
    )
    is_yours = serializers.SerializerMethodField(
        help_text="You asked it (only you see it while it waits for an answer)."
    )
    answer = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "post", "body", "body_html", "created_at", "is_yours", "answer"]
        read_only_fields = fields

    def get_body_html(self, question: Question) -> str:
        return render_markdown(question.body)

    def get_is_yours(self, question: Question) -> bool:
        user = self.context["request"].user
        return user.is_authenticated and question.asker_id == user.pk

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, question: Question) -> dict | None:
        answer = getattr(question, "shown_answer", None)
        if answer is None:
            return None
        return AnswerSerializer(answer, context=self.context).data


class QuestionReportSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
