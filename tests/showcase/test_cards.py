"""Post cards (showcase.cards, drawn with Jinja2): each kind of cover, labels,
dates, applause and escaping, as the lists show them."""

import datetime
import re

import pytest
from django.urls import reverse

from audience.models import Applause
from media_assets.models import MediaAsset, PostKind, PostPhase
from tests.factories import (
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def cards_of(client, *, q: str = "") -> list[str]:
    """The cards of the post list, in its order (newest first)."""
    response = client.get(reverse("media_assets:post-list"), {"q": q} if q else {})
    assert response.status_code == 200
    page = response.content.decode()
    return re.findall(r"<article.*?</article>", page, re.DOTALL)


@pytest.fixture
def production():
    return ProductionFactory(title="Salt & Pepper's Night")


def test_a_post_without_media_shows_its_kind_in_place_of_a_picture(client, production):
    post = PostFactory(
        production=production,
        title='The "stunt" <b>rig</b> & its crew\'s day',
        kind=PostKind.VFX_BREAKDOWN,
        phase=PostPhase.POST_PRODUCTION,
        happened_on=datetime.date(2025, 3, 4),
    )
    [card] = cards_of(client)
    assert card == (
        '<article class="card">\n'
        f'  <a href="/posts/{post.slug}/" class="card-link">\n'
        "    \n"
        '      <div class="card-placeholder" aria-hidden="true">VFX breakdown</div>\n'
        "    \n"
        '    <div class="card-body">\n'
        '  <p class="eyebrow">VFX breakdown · Post-production</p>\n'
        "  <h3>The &quot;stunt&quot; &lt;b&gt;rig&lt;/b&gt; &amp; its crew&#x27;s day"
        "</h3>\n"
        '  <p class="meta">Salt &amp; Pepper&#x27;s Night · '
        '<time datetime="2025-03-04">4 Mar 2025</time></p>\n'
        "</div>\n"
        "\n"
        "  </a>\n"
        "</article>"
    )


def test_an_image_cover_and_the_applause_count(client, production):
    post = PostFactory(production=production, happened_on=datetime.date(987, 12, 25))
    stem = f"bts/{post.slug}"
    MediaAsset.objects.create(
        post=post,
        kind="image",
        file=f"{stem}.jpg",
        card=f"{stem}-card.webp",
        alt_text="Gaffer's tape & a <light>",
    )
    for _ in range(3):
        Applause.objects.create(post=post, user=UserFactory())
    [card] = cards_of(client)
    assert (
        f'<img src="/media/{stem}-card.webp" '
        'alt="Gaffer&#x27;s tape &amp; a &lt;light&gt;" width="800" height="600" '
        'loading="lazy">'
    ) in card
    assert '<time datetime="0987-12-25">25 Dec 0987</time>' in card
    assert '<span class="applause-count">3 applause</span>' in card


def test_a_video_cover_shows_its_poster_and_how_long_it_lasts(client, production):
    post = PostFactory(production=production, kind=PostKind.VIDEO)
    MediaAsset.objects.create(
        post=post,
        kind="video_file",
        source="bts/videos/take.mp4",
        poster="bts/posters/take.webp",
        poster_width=640,
        poster_height=360,
        duration_seconds=3725.4,
        caption="Take 3",
    )
    [card] = cards_of(client)
    assert (
        '<div class="card-video">\n'
        '        <img src="/media/bts/posters/take.webp" alt="Take 3" width="640" '
        'height="360" loading="lazy">\n'
        '        <span class="duration"><span class="visually-hidden">Video, </span>'
        '<time datetime="PT1H2M5S">1:02:05</time></span>\n'
        "      </div>"
    ) in card
    assert '<p class="eyebrow">Video · Production</p>' in card


def test_search_results_and_lists_draw_the_same_card(client, production):
    PostFactory(production=production, title="Harbour night shoot")
    [listed] = cards_of(client)
    response = client.get(reverse("showcase:search"), {"q": "harbour"})
    assert listed in response.content.decode()


def test_search_lists_productions_with_what_is_known_of_their_dates(client):
    month = ProductionFactory(
        title="Harbour Lights",
        original_title="Les Feux du port",
        original_language="fr",
        release_date=datetime.date(1956, 5, 1),
        release_date_precision="month",
        studio="Quay & Co",
    )
    year = ProductionFactory(
        title="Harbour Games",
        kind="video_game",
        release_date=datetime.date(1999, 1, 1),
        release_date_precision="year",
        studio="",
    )
    undated = ProductionFactory(title="Harbour's End", release_date=None)
    person = PersonFactory(name="Ada O'Harbour")

    response = client.get(reverse("showcase:search"), {"q": "harbour"})
    page = response.content.decode()
    assert (
        f'<li><a href="/productions/{month.slug}/">Harbour Lights</a> '
        '<span lang="fr">(Les Feux du port)</span> <span class="meta">Film · '
        '<time datetime="1956-05">May 1956</time> · Quay &amp; Co</span></li>'
    ) in page
    assert (
        f'<li><a href="/productions/{year.slug}/">Harbour Games</a> '
        '<span class="meta">Video game · <time datetime="1999">1999</time></span>'
        "</li>"
    ) in page
    assert (
        f'<li><a href="/productions/{undated.slug}/">Harbour&#x27;s End</a> '
        '<span class="meta">Film · Northlight Pictures</span></li>'
    ) in page
    assert f'<li><a href="/people/{person.slug}/">Ada O&#x27;Harbour</a></li>' in page
