from django.urls import path

from . import feeds, views

app_name = "audience"

urlpatterns = [
    path("follow/<str:kind>/<str:slug>/", views.follow, name="follow"),
    path("unfollow/<str:kind>/<str:slug>/", views.unfollow, name="unfollow"),
    path("my/following/", views.following, name="following"),
    path("posts/<slug:slug>/applause/", views.applause, name="applause"),
    path("productions/<slug:slug>/seen/", views.seen, name="seen"),
    path("feed/", views.feed, name="feed"),
    path("feed/address/renew/", views.feed_address_renew, name="feed-address-renew"),
    path("feed/address/revoke/", views.feed_address_revoke, name="feed-address-revoke"),
    path(
        "feed/<slug:token>.atom",
        feeds.FollowedPostsAtomFeed(),
        name="private-feed",
    ),
]
