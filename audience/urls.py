from django.urls import path

from . import (
    account_views,
    email_views,
    feeds,
    notification_views,
    question_views,
    views,
)

app_name = "audience"

urlpatterns = [
    path("follow/<str:kind>/<str:slug>/", views.follow, name="follow"),
    path("unfollow/<str:kind>/<str:slug>/", views.unfollow, name="unfollow"),
    path("my/following/", views.following, name="following"),
    path("posts/<slug:slug>/applause/", views.applause, name="applause"),
    path("productions/<slug:slug>/seen/", views.seen, name="seen"),
    path(
        "posts/<slug:slug>/questions/",
        question_views.question_ask,
        name="question-ask",
    ),
    path(
        "questions/<int:pk>/answer/",
        question_views.question_answer,
        name="question-answer",
    ),
    path(
        "questions/<int:pk>/report/",
        question_views.question_report,
        name="question-report",
    ),
    path("feed/", views.feed, name="feed"),
    path("feed/address/renew/", views.feed_address_renew, name="feed-address-renew"),
    path("feed/address/revoke/", views.feed_address_revoke, name="feed-address-revoke"),
    path(
        "feed/<slug:token>.atom",
        feeds.FollowedPostsAtomFeed(),
        name="private-feed",
    ),
    path(
        "my/notifications/",
        notification_views.notification_list,
        name="notifications",
    ),
    path(
        "my/notifications/read/",
        notification_views.notifications_read_all,
        name="notifications-read-all",
    ),
    path(
        "my/notifications/settings/",
        notification_views.notification_settings,
        name="notification-settings",
    ),
    path(
        "my/notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
    path(
        "my/notifications/<int:pk>/open/",
        notification_views.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        email_views.unsubscribe,
        name="unsubscribe",
    ),
    path(
        "my/email/verify/send/",
        email_views.email_verification_send,
        name="email-verify-send",
    ),
    path(
        "my/email/verify/<str:token>/",
        email_views.email_verify,
        name="email-verify",
    ),
    path("my/account/", account_views.account, name="account"),
    path(
        "my/account/export.json",
        account_views.account_export_json,
        name="account-export",
    ),
    path(
        "my/account/delete/",
        account_views.account_delete_view,
        name="account-delete",
    ),
]
