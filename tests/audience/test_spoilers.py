"""Spoilers: a warning over the post or one medium, revealed without script;
"I've seen it" drops the warnings of one production for one user; feeds and link
previews never show a spoiler's picture."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audience.models import SeenProduction
from bts_catalog.images import intake_image
from media_assets.models import Post
from media_assets.services import media_asset_add
from productions.models import Role
from tests.factories import CreditFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

WARNING = "Spoiler warning — show anyway"


def add_image(post, make_image, alt_text="The twist, on the harbour wall", color=0):
    image = intake_image(
        make_image(size=(120, 90), color=(200, color, 30)), name="twist.jpg"
    )
    return media_asset_add(actor=None, post=post, upload=image, alt_text=alt_text)


@pytest.fixture
def production():
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def spoiler(production, make_image, media_root):
    post = PostFactory(
        production=production,
        title="The finale's last shot",
        body="The lighthouse keeper was the *narrator* all along.",
        is_spoiler=True,
    )
    add_image(post, make_image)
    return post


def body(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_cards_and_the_post_page_hide_a_spoiler_behind_details(client, spoiler):
    cover = spoiler.media.get()
    cards = body(client.get(reverse("media_assets:post-list")))
    assert '<details class="spoiler">' in cards
    assert "<summary>" in cards and WARNING in cards
    assert f'class="spoiler-blur" src="{cover.card.url}"' in cards
    # The card's text is collapsed: inside the details, after the summary.
    assert cards.index(WARNING) < cards.index("The finale&#x27;s last shot")

    page = body(client.get(spoiler.get_absolute_url()))
    opened = page.index('<details class="spoiler">')
    assert WARNING in page
    assert opened < page.index("<em>narrator</em>") < page.index("</details>")
    assert opened < page.index(f'alt="{cover.alt_text}"') < page.index("</details>")
    # No script is needed: the browser's own details element reveals it.
    assert "spoiler.js" not in page


def test_a_spoiler_medium_alone_is_behind_its_own_warning(
    client, production, make_image
):
    post = PostFactory(production=production, body="An ordinary day on set.")
    add_image(post, make_image, alt_text="The rig")
    secret = add_image(post, make_image, alt_text="Who survives", color=120)
    secret.is_spoiler = True
    secret.save(update_fields=["is_spoiler"])

    page = body(client.get(post.get_absolute_url()))
    assert page.count('<details class="spoiler">') == 1
    assert page.index("An ordinary day on set.") < page.index(WARNING)
    assert page.index(WARNING) < page.index('alt="Who survives"')
    assert page.index('alt="The rig"') < page.index('<details class="spoiler">')


def test_a_spoiler_date_in_the_past_drops_the_warning(client, spoiler):
    today = timezone.localdate()
    spoiler.spoils_until = today
    spoiler.save(update_fields=["spoils_until"])
    assert spoiler.is_spoiler_today
    assert WARNING in body(client.get(spoiler.get_absolute_url()))

    spoiler.spoils_until = today - datetime.timedelta(days=1)
    spoiler.save(update_fields=["spoils_until"])
    assert not spoiler.is_spoiler_today
    assert WARNING not in body(client.get(spoiler.get_absolute_url()))
    assert WARNING not in body(client.get(reverse("media_assets:post-list")))


def test_ive_seen_it_drops_the_warnings_for_that_user_only(
    settings, fan, other_fan, production, spoiler
):
    settings.PAGE_CACHE_SECONDS = 300
    elsewhere = PostFactory(title="Another show's twist", is_spoiler=True)
    anonymous = Client()
    first = anonymous.get(spoiler.get_absolute_url())
    assert WARNING in body(first)

    seer, other = Client(), Client()
    seer.force_login(fan)
    other.force_login(other_fan)
    production_page = body(seer.get(production.get_absolute_url()))
    seen_url = reverse("audience:seen", args=[production.slug])
    assert f'action="{seen_url}"' in production_page
    assert "I've seen it" in production_page

    response = seer.post(seen_url, {"next": production.get_absolute_url()})
    assert response.status_code == 302
    assert SeenProduction.objects.filter(user=fan, production=production).exists()

    assert WARNING not in body(seer.get(spoiler.get_absolute_url()))
    assert WARNING not in body(seer.get(production.get_absolute_url()))
    # Another production's spoilers still warn them.
    assert WARNING in body(seer.get(elsewhere.get_absolute_url()))
    assert WARNING in body(other.get(spoiler.get_absolute_url()))
    again = anonymous.get(spoiler.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert WARNING in body(again)

    # Said again, it is taken back.
    seer.post(seen_url)
    assert WARNING in body(seer.get(spoiler.get_absolute_url()))


def test_only_signed_in_users_say_they_have_seen_it(client, production):
    seen_url = reverse("audience:seen", args=[production.slug])
    response = client.post(seen_url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not SeenProduction.objects.exists()
    assert "Sign in to say you've seen it" in body(
        client.get(production.get_absolute_url())
    )


def test_feeds_and_link_previews_never_show_a_spoilers_picture(client, spoiler):
    cover = spoiler.media.get()
    for url in ("/feeds/latest/", "/feeds/latest/atom/"):
        feed = body(client.get(url))
        assert spoiler.get_absolute_url() in feed
        assert cover.card.url not in feed and cover.large.url not in feed
        assert "enclosure" not in feed

    page = body(client.get(spoiler.get_absolute_url()))
    head = page[: page.index("</head>")]
    assert 'property="og:image"' not in head
    assert cover.large.url not in head and cover.file.url not in head

    production_head = body(client.get(spoiler.production.get_absolute_url()))
    production_head = production_head[: production_head.index("</head>")]
    assert 'property="og:image"' not in production_head


def test_the_gallery_hides_a_spoiler_behind_a_warning(client, spoiler):
    cover = spoiler.media.get()
    page = body(client.get(spoiler.production.get_absolute_url()))
    gallery = page[page.index('id="gallery"') :]
    assert f'<img class="spoiler-blur" src="{cover.thumbnail.url}"' in gallery
    assert WARNING in gallery


def test_a_spoiler_date_before_the_post_is_a_field_error(production):
    post = PostFactory.build(
        production=production,
        happened_on=datetime.date(2024, 2, 1),
        is_spoiler=True,
        spoils_until=datetime.date(2024, 1, 31),
    )
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "before it happened" in error.value.message_dict["spoils_until"][0]

    post.is_spoiler, post.spoils_until = False, datetime.date(2024, 3, 1)
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "spoils_until" in error.value.message_dict


def contribution(production, **extra) -> dict:
    data = {
        "production": production.pk,
        "title": "The last night",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "original",
        "source_url": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
        "images-0-alt_text": "",
        "images-0-credited_to": "",
        "images-0-kept": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def crew_client(crew_person, production):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    client = Client()
    client.force_login(crew_person.user)
    return client


def test_crew_mark_their_post_a_spoiler_and_a_bad_date_is_a_field_error(
    crew_client, production
):
    url = reverse("media_assets:contribute")
    response = crew_client.post(
        url, contribution(production, is_spoiler="on", spoils_until="2024-01-01")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["spoils_until"]
    assert "cannot spoil until a day before it happened" in errors[0]
    assert not Post.objects.exists()

    response = crew_client.post(
        url, contribution(production, is_spoiler="on", spoils_until="2024-06-01")
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.is_spoiler and post.spoils_until == datetime.date(2024, 6, 1)

    edit = reverse("media_assets:post-edit", args=[post.slug])
    form = crew_client.get(edit).context["form"]
    assert form["is_spoiler"].value() is True


def test_the_api_writes_and_shows_the_spoiler_flags(crew_person, production):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    api = APIClient()
    api.force_authenticate(crew_person.user)
    submission = {
        "production": production.slug,
        "title": "The last night",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "is_spoiler": True,
        "spoils_until": "2024-01-01",
    }
    response = api.post("/api/v1/posts/", submission, format="json")
    assert response.status_code == 400
    assert "before it happened" in response.json()["spoils_until"][0]

    response = api.post(
        "/api/v1/posts/", {**submission, "spoils_until": None}, format="json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["is_spoiler"] is True and data["spoils_until"] is None
    assert data["is_spoiler_today"] is True

    slug = data["slug"]
    response = api.patch(
        f"/api/v1/posts/{slug}/", {"spoils_until": "2024-01-31"}, format="json"
    )
    assert response.status_code == 400
    assert "spoils_until" in response.json()
    response = api.patch(
        f"/api/v1/posts/{slug}/", {"spoils_until": "2024-02-02"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["is_spoiler_today"] is False


def test_a_medium_is_marked_a_spoiler_through_the_api(
    curator, production, make_image, media_root
):
    post = PostFactory(production=production)
    asset = add_image(post, make_image)
    api = APIClient()
    api.force_authenticate(curator)
    response = api.patch(
        f"/api/v1/media/{asset.pk}/", {"is_spoiler": True}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["is_spoiler"] is True
    asset.refresh_from_db()
    assert asset.is_spoiler
    assert WARNING in body(Client().get(post.get_absolute_url()))


def test_the_spoiler_check_costs_one_query_a_page(
    fan, production, spoiler, django_assert_max_num_queries
):
    for _ in range(3):
        PostFactory(production=production, is_spoiler=True)
    client = Client()
    client.force_login(fan)
    url = reverse("media_assets:post-list")
    with django_assert_max_num_queries(12) as few:
        body(client.get(url))
    for _ in range(10):
        PostFactory(production=ProductionFactory(), is_spoiler=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body(client.get(url))
