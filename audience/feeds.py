"""The private Atom feed of a user's follows, for feed readers: its address holds
a secret key instead of a session, and stops working when the key is renewed."""

from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from media_assets.feeds import FEED_LENGTH, PostFeed

from . import selectors


class FollowedPostsAtomFeed(PostFeed):
    feed_type = Atom1Feed
    title = "BTS Catalog: what you follow"
    subtitle = "New behind-the-scenes posts from what you follow on BTS Catalog."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # One reader's feed: never kept by shared caches, never indexed.
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request, token: str):
        user = selectors.feed_token_owner(token)
        if user is None:
            raise Http404("No feed has this address.")
        return user

    def link(self) -> str:
        return reverse("audience:feed")

    def items(self, user):
        return selectors.feed_for(user)[:FEED_LENGTH]
