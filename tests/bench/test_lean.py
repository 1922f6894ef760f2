"""The lean twins of the production list and detail pages (bench/lean.py) answer
the same bytes as the real pages, in the few queries they promise."""

import datetime
import difflib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from media_assets.models import MediaAsset, PostKind, PostPhase
from productions.models import ProductionKind, ProductionStatus

from ..factories import (
    CreditFactory,
    DepartmentFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    RoleFactory,
)

KIND_STATUS = {
    ProductionKind.FILM: ProductionStatus.RELEASED,
    ProductionKind.TV_SERIES: ProductionStatus.IN_PRODUCTION,
    ProductionKind.THEATER: ProductionStatus.RUNNING,
    ProductionKind.VIDEO_GAME: ProductionStatus.ANNOUNCED,
    ProductionKind.MUSIC_VIDEO: ProductionStatus.RELEASED,
}
PRECISIONS = ["day", "month", "year"]


@pytest.fixture(autouse=True)
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.PAGE_CACHE_SECONDS = 0


def image_asset(post, position, *, alt="", spoiler=False):
    stem = f"bts/{post.slug}-{position}"
    return MediaAsset.objects.create(
        post=post,
        kind="image",
        file=f"{stem}.jpg",
        thumbnail=f"{stem}-thumb.webp",
        card=f"{stem}-card.webp",
        large=f"{stem}-large.webp",
        alt_text=alt or f"Frame {position} of {post.title}",
        position=position,
        is_spoiler=spoiler,
    )


@pytest.fixture
def catalogue(db):
    """More than a page of productions of every kind, and one film with it all."""
    made = []
    kinds = list(KIND_STATUS)
    for n in range(30):
        kind = kinds[n % len(kinds)]
        production = ProductionFactory(
            title=f"Work <{n:02d}> & co",
            kind=kind,
            status=KIND_STATUS[kind],
            release_date=None if n % 7 == 3 else datetime.date(2000 + n, 1 + n % 12, 9),
            release_date_precision=PRECISIONS[n % 3],
            studio="" if n % 4 == 1 else f"Studio “{n}”",
            poster=f"posters/2024/05/poster-{n}.jpg" if n % 3 == 0 else "",
        )
        for _ in range(n % 4):
            PostFactory(production=production)
        PostFactory(production=production, pending=True)
        made.append(production)
    film = ProductionFactory(
        title="The Lantern Orchard",
        synopsis="Two sisters keep an orchard lit through one long winter. " * 6,
        release_date=datetime.date(2023, 10, 1),
        release_date_precision="month",
        studio="Harbour & Hill",
        imdb_id="tt0133093",
        tmdb_id=603,
        original_title="Le Verger",
        original_language="fr",
        poster="posters/2023/10/orchard.jpg",
    )
    film.tags.add("Winter", "night shoot", "Apple")
    made[0].tags.add("Winter")
    cast = DepartmentFactory(slug="cast", name="Cast")
    camera = DepartmentFactory(slug="camera", name="Camera & Cinematography")
    directing = DepartmentFactory(slug="directing", name="Directing")
    actor = RoleFactory(slug="actor", name="Actor", department=cast)
    dop = RoleFactory(
        slug="director-of-photography",
        name="Director of Photography",
        department=camera,
    )
    director = RoleFactory(slug="director", name="Director", department=directing)
    CreditFactory(
        production=film,
        person=PersonFactory(name="Mara Ilves"),
        role=director,
        is_verified=True,
        credited_as="M. Ilves",
    )
    CreditFactory(production=film, person=PersonFactory(name="Ode Park"), role=dop)
    for order, (name, character) in enumerate(
        [("Ana Reis", "June"), ("Béla Tóth", "Marta <the elder>"), ("Cy Moss", "")]
    ):
        CreditFactory(
            production=film,
            person=PersonFactory(name=name),
            role=actor,
            character=character,
            billing_order=order,
        )
    phases = [PostPhase.DEVELOPMENT, PostPhase.PRODUCTION, PostPhase.POST_PRODUCTION]
    for n in range(7):
        post = PostFactory(
            production=film,
            title=f"Orchard diary {n} <lamps>",
            kind=[PostKind.PHOTO_SET, PostKind.INTERVIEW, PostKind.VFX_BREAKDOWN][
                n % 3
            ],
            phase=phases[n % 3],
            happened_on=datetime.date(2023, 1 + n, 2 + n),
            is_spoiler=n == 5,
        )
        post.tags.add("lamps")
        for position in range(n % 3):
            image_asset(post, position, spoiler=n == 4 and position == 1)
    PostFactory(production=film, title="Not yet", draft=True)
    bare = ProductionFactory(
        title="Nothing Yet", studio="", synopsis="", release_date=None, poster=""
    )
    return {"productions": made, "film": film, "bare": bare}


def first_difference(expected: bytes, actual: bytes) -> str:
    diff = difflib.unified_diff(
        expected.decode().splitlines(),
        actual.decode().splitlines(),
        "real page",
        "lean twin",
        n=2,
        lineterm="",
    )
    return "\n".join(list(diff)[:40])


def assert_same_page(client, real: str, lean: str) -> None:
    expected = client.get(real)
    actual = client.get(lean)
    assert expected.status_code == actual.status_code == 200
    assert actual.content == expected.content, first_difference(
        expected.content, actual.content
    )
    assert actual["Content-Type"] == expected["Content-Type"]


def queries_of(client, path: str) -> int:
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


def test_list_twin_matches_the_real_page(client, catalogue):
    assert_same_page(client, "/productions/", "/bench/lean/productions/")


def test_list_twin_with_no_productions(client, db):
    assert_same_page(client, "/productions/", "/bench/lean/productions/")


@pytest.mark.parametrize("which", ["film", "bare"])
def test_detail_twin_matches_the_real_page(client, catalogue, which):
    slug = catalogue[which].slug
    assert_same_page(
        client, f"/productions/{slug}/", f"/bench/lean/productions/{slug}/"
    )


def test_detail_twin_matches_every_film_of_the_list(client, catalogue):
    for production in catalogue["productions"]:
        if production.kind != ProductionKind.FILM:
            continue
        slug = production.slug
        assert_same_page(
            client, f"/productions/{slug}/", f"/bench/lean/productions/{slug}/"
        )


def test_detail_twin_matches_the_bench_target(client, catalogue):
    from bench.probe import targets

    try:
        slug = targets()["production"]["slug"]
    except (AttributeError, KeyError, TypeError) as error:  # probe being edited
        pytest.skip(f"bench.probe.targets() fails on this data: {error!r}")
    assert_same_page(
        client, f"/productions/{slug}/", f"/bench/lean/productions/{slug}/"
    )


def test_detail_twin_answers_404_for_unknown_and_unsupported(client, catalogue):
    assert client.get("/bench/lean/productions/no-such-thing/").status_code == 404
    series = next(
        p for p in catalogue["productions"] if p.kind == ProductionKind.TV_SERIES
    )
    assert client.get(f"/bench/lean/productions/{series.slug}/").status_code == 404


def test_twins_run_their_few_queries(client, catalogue):
    overhead = queries_of(client, "/bench/bare/")
    # On PostgreSQL the count starts with the planner's estimate (an EXPLAIN).
    assert queries_of(client, "/bench/lean/productions/") <= overhead + 3
    slug = catalogue["film"].slug
    assert queries_of(client, f"/bench/lean/productions/{slug}/") <= overhead + 5
