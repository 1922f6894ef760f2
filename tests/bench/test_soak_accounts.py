"""bench.accounts: the fan's session reaches their feed, the crew's token submits a
post and the curator's publishes it, through the API; running it twice is fine."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from bench import accounts as bench_accounts
from media_assets.models import Post, PostStatus
from productions.models import Person

from ..factories import CreditFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    production = ProductionFactory(title="The Long Night")
    CreditFactory(production=production)
    PostFactory.create_batch(3, production=production, title="Night shoot, reel 4")
    other = ProductionFactory()
    CreditFactory(production=other)
    PostFactory(production=other)
    return production


def run_accounts(capsys) -> dict:
    bench_accounts.main()
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def api(token: str, method: str, path: str, payload: dict):
    return getattr(Client(), method)(
        path,
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )


def test_the_accounts_sign_in_submit_and_publish(catalogue, capsys):
    first = run_accounts(capsys)
    second = run_accounts(capsys)

    # The same accounts and tokens; a fresh session each time.
    assert second["crew"] == first["crew"]
    assert second["curator"] == first["curator"]
    assert second["fan"]["username"] == first["fan"]["username"]
    assert second["fan"]["cookie"] != first["fan"]["cookie"]
    assert Person.objects.filter(user__username=first["crew"]["username"]).count() == 1
    assert first["crew"]["production"] == catalogue.slug

    for run in (first, second):
        client = Client()
        client.cookies.load(run["fan"]["cookie"])
        page = client.get("/feed/")
        assert page.status_code == 200  # signed in: /feed/ sends others to sign in
        assert page.wsgi_request.user.username == run["fan"]["username"]
        assert "Night shoot, reel 4" in page.content.decode()

    submitted = api(
        second["crew"]["token"],
        "post",
        "/api/v1/posts/",
        {
            "production": second["crew"]["production"],
            "title": "Soak test post",
            "kind": "photo_set",
            "phase": "production",
            "body": "Under load.",
        },
    )
    assert submitted.status_code == 201, submitted.content
    assert submitted.json()["status"] == PostStatus.PENDING
    slug = submitted.json()["slug"]

    publish_at = timezone.now() + datetime.timedelta(seconds=5)
    published = api(
        second["curator"]["token"],
        "patch",
        f"/api/v1/posts/{slug}/",
        {"publish_at": publish_at.isoformat()},
    )
    assert published.status_code == 200, published.content
    assert published.json()["status"] == PostStatus.PUBLISHED
    assert Post.objects.get(slug=slug).status == PostStatus.PUBLISHED
