"""What the audience follows, for curators: a read-only list."""

from django.contrib import admin

from .models import Follow


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
