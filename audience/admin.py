"""What the audience follows, for curators: a read-only list."""

from django.contrib import admin
from django.db.models import Count

from . import emails as email_services
from . import questions as question_services
from .models import (
    Answer,
    EmailStatus,
    Follow,
    OutboundEmail,
    Question,
    QuestionReport,
)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Follows are the user's own: curators may look, not change them."""

    list_display = ["user", "kind_display", "target_display", "created_at"]
    list_select_related = ["user", "production", "person", "craft", "tag"]
    search_fields = [
        "user__username",
        "production__title",
        "person__name",
        "craft__name",
        "tag__name",
    ]
    date_hierarchy = "created_at"
    fields = ["user", "production", "person", "craft", "tag", "created_at"]
    readonly_fields = fields

    @admin.display(description="Kind")
    def kind_display(self, follow: Follow) -> str:
        return follow.kind.label

    @admin.display(description="Follows")
    def target_display(self, follow: Follow) -> str:
        return str(follow.target)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- Questions to the crew ----------------------------------------------------------
class AnsweredFilter(admin.SimpleListFilter):
    title = "answered"
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("yes", "Answered"), ("no", "Waiting for an answer")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(answer__isnull=False)
        if self.value() == "no":
            return queryset.filter(answer__isnull=True)
        return queryset


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    max_num = 1
    fields = ["body", "is_hidden", "author", "person", "by_credited_crew", "created_at"]
    readonly_fields = ["author", "person", "by_credited_crew", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # answers are written on the post page, by those who may


class QuestionReportInline(admin.TabularInline):
    model = QuestionReport
    extra = 0
    fields = ["reporter", "reason", "created_at", "resolved"]
    readonly_fields = ["reporter", "reason", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Curators hide, show or delete questions (and their answers); every change
    refreshes the cached pages that show them."""

    list_display = [
        "short_body",
        "post",
        "asker",
        "answered",
        "is_hidden",
        "reported_count",
        "created_at",
    ]
    list_filter = ["is_hidden", AnsweredFilter, "created_at"]
    list_select_related = ["post", "asker", "answer"]
    search_fields = ["body", "post__title", "asker__username", "answer__body"]
    date_hierarchy = "created_at"
    fields = ["post", "asker", "body", "is_hidden", "created_at"]
    readonly_fields = ["post", "asker", "created_at"]
    inlines = [AnswerInline, QuestionReportInline]
    actions = ["hide", "show"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(reported=Count("reports", distinct=True))
        )

    def has_add_permission(self, request) -> bool:
        return False  # fans ask on the post page

    @admin.display(description="Question")
    def short_body(self, question: Question) -> str:
        return question.body[:80]

    @admin.display(description="Answered", boolean=True)
    def answered(self, question: Question) -> bool:
        return hasattr(question, "answer")

    @admin.display(description="Reports", ordering="reported")
    def reported_count(self, question: Question) -> int:
        return question.reported

    @admin.action(description="Hide the selected questions")
    def hide(self, request, queryset) -> None:
        changed = question_services.questions_hide(
            questions=Question.objects.filter(pk__in=queryset.values("pk"))
        )
        self.message_user(request, f"{changed} question(s) hidden.")

    @admin.action(description="Show the selected questions")
    def show(self, request, queryset) -> None:
        changed = question_services.questions_show(
            questions=Question.objects.filter(pk__in=queryset.values("pk"))
        )
        self.message_user(request, f"{changed} question(s) shown.")

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        question_services.questions_changed()

    def delete_model(self, request, obj) -> None:
        question_services.question_delete(question=obj)

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        question_services.questions_changed()


@admin.register(QuestionReport)
class QuestionReportAdmin(admin.ModelAdmin):
    list_display = ["question", "reporter", "reason", "resolved", "created_at"]
    list_filter = ["resolved", "created_at"]
    list_select_related = ["question", "reporter"]
    search_fields = ["reason", "question__body", "reporter__username"]
    fields = ["question", "reporter", "reason", "created_at", "resolved"]
    readonly_fields = ["question", "reporter", "reason", "created_at"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Mark the selected reports resolved")
    def mark_resolved(self, request, queryset) -> None:
        changed = queryset.update(resolved=True)
        self.message_user(request, f"{changed} report(s) resolved.")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits and why one failed. Rows are written
    by the notification batch; curators may only send a waiting one again now."""

    list_display = [
        "to_address",
        "subject",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status"]
    search_fields = ["to_address", "subject", "user__username", "key"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    fields = [
        "user",
        "key",
        "to_address",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "unsubscribe_url",
        "body_text",
    ]
    readonly_fields = fields
    actions = ["send_again_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(
        description="Send again now (pending or given-up ones)",
        permissions=["view"],
    )
    def send_again_now(self, request, queryset) -> None:
        waiting = queryset.filter(status__in=[EmailStatus.PENDING, EmailStatus.FAILED])
        ignored = queryset.count() - waiting.count()
        # A given-up email gets a fresh set of attempts.
        waiting.filter(status=EmailStatus.FAILED).update(
            status=EmailStatus.PENDING, attempts=0
        )
        sent = email_services.emails_send(waiting.values_list("pk", flat=True))
        self.message_user(request, f"{sent} email(s) sent.")
        if ignored:
            self.message_user(
                request, f"{ignored} already sent or skipped: not sent again."
            )
