from django.urls import path

from . import feeds, views

app_name = "media_assets"

urlpatterns = [
    path("posts/", views.post_list, name="post-list"),
    path("posts/<slug:slug>/", views.post_detail, name="post-detail"),
    path("contribute/", views.contribute, name="contribute"),
    path("my/posts/", views.my_posts, name="my-posts"),
    path("my/posts/<slug:slug>/edit/", views.post_edit, name="post-edit"),
    path("my/posts/<slug:slug>/withdraw/", views.post_withdraw, name="post-withdraw"),
    path("my/posts/<slug:slug>/media/<int:pk>/", views.media_edit, name="media-edit"),
    path("feeds/latest/", feeds.LatestPostsFeed(), name="latest-feed"),
    path("feeds/latest/atom/", feeds.LatestPostsAtomFeed(), name="latest-feed-atom"),
    path(
        "productions/<slug:slug>/feed/",
        feeds.ProductionPostsFeed(),
        name="production-feed",
    ),
    path(
        "productions/<slug:slug>/feed/atom/",
        feeds.ProductionPostsAtomFeed(),
        name="production-feed-atom",
    ),
]
