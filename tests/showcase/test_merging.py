"""Merging duplicate people and productions: what moves, what collapses, what is
refused, and that a failed merge leaves everything as it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from media_assets.models import MediaAsset, Post
from productions.models import (
    ClaimStatus,
    Credit,
    MergeKind,
    MergeRecord,
    Person,
    PersonClaim,
    Production,
    ProductionKind,
)
from showcase import merging
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicates(fan):
    """Marta Ilves twice: the duplicate with a crew account, credits (one the
    survivor holds too), posts, media and claims; the survivor with a little."""
    role = RoleFactory(name="Gaffer", slug="gaffer")
    orchard = ProductionFactory(title="The Salt Orchard")
    lantern = ProductionFactory(title="A Winter's Lantern")
    crew_user = UserFactory(username="marta")
    duplicate = PersonFactory(name="Marta Ilves", user=crew_user)
    survivor = PersonFactory(name="Marta Ilves-Kask")
    shared = CreditFactory(
        person=duplicate,
        production=orchard,
        role=role,
        is_verified=True,
        credited_as="M. Ilves",
    )
    kept = CreditFactory(person=survivor, production=orchard, role=role)
    moving = CreditFactory(person=duplicate, production=lantern, role=role)
    only_hers = PostFactory(production=orchard, title="Night rig")
    both = PostFactory(production=lantern, title="Lantern light")
    only_hers.featured_people.add(duplicate)
    both.featured_people.add(duplicate, survivor)
    asset = MediaAsset.objects.create(
        post=only_hers,
        kind="embed",
        embed_url="https://vimeo.com/76979871",
        credited_to=duplicate,
    )
    claim = PersonClaim.objects.create(user=fan, person=duplicate)
    twin_claim_user = UserFactory(username="twin")
    doubled = PersonClaim.objects.create(user=twin_claim_user, person=duplicate)
    PersonClaim.objects.create(user=twin_claim_user, person=survivor)
    return {
        "duplicate": duplicate,
        "survivor": survivor,
        "crew_user": crew_user,
        "shared": shared,
        "kept": kept,
        "moving": moving,
        "only_hers": only_hers,
        "both": both,
        "asset": asset,
        "claim": claim,
        "doubled": doubled,
    }


def snapshot() -> dict:
    """Every row a person merge could touch, to compare before and after."""
    links = Post.featured_people.through.objects
    return {
        "people": list(Person.objects.values_list("pk", "user_id", "merged_into_id")),
        "credits": list(Credit.objects.values_list("pk", "person_id", "is_verified")),
        "featured": sorted(links.values_list("post_id", "person_id")),
        "media": list(MediaAsset.objects.values_list("pk", "credited_to_id")),
        "claims": list(PersonClaim.objects.values_list("pk", "person_id", "status")),
        "records": MergeRecord.objects.count(),
    }


def test_everything_moves_to_the_survivor_without_doubles(duplicates, curator):
    d = duplicates
    record = merging.person_merge(
        person=d["duplicate"], into=d["survivor"], actor=curator
    )

    survivor, duplicate = d["survivor"], d["duplicate"]
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.user is None
    assert survivor.user == d["crew_user"]
    # The shared credit collapsed into the survivor's, which is now verified.
    assert not Credit.objects.filter(pk=d["shared"].pk).exists()
    assert set(survivor.credits.values_list("pk", "is_verified")) == {
        (d["kept"].pk, True),
        (d["moving"].pk, False),
    }
    # … and keeps the name on screen only the duplicate's had.
    d["kept"].refresh_from_db()
    assert d["kept"].credited_as == "M. Ilves"
    assert not duplicate.credits.exists()
    assert list(d["only_hers"].featured_people.all()) == [survivor]
    assert list(d["both"].featured_people.all()) == [survivor]
    d["asset"].refresh_from_db()
    assert d["asset"].credited_to == survivor
    d["claim"].refresh_from_db()
    assert d["claim"].person == survivor
    assert not PersonClaim.objects.filter(pk=d["doubled"].pk).exists()
    assert survivor.claims.filter(status=ClaimStatus.PENDING).count() == 2

    assert record.kind == MergeKind.PERSON
    assert (record.merged_slug, record.merged_name) == (duplicate.slug, "Marta Ilves")
    assert record.person == survivor
    assert record.survivor_slug == survivor.slug
    assert record.actor == curator
    assert record.moved["credits"] == {"count": 1, "ids": [d["moving"].pk]}
    assert record.moved["credits_collapsed"] == {"count": 1, "ids": [d["shared"].pk]}
    assert record.moved["posts"]["count"] == 2
    assert record.moved["media_credits"] == {"count": 1, "ids": [d["asset"].pk]}
    assert record.moved["crew_account"] == {"count": 1, "ids": [d["crew_user"].pk]}


def test_posts_are_found_by_the_survivors_name(duplicates, curator):
    d = duplicates
    merging.person_merge(person=d["duplicate"], into=d["survivor"], actor=curator)
    d["only_hers"].refresh_from_db()
    assert "Marta Ilves-Kask" in d["only_hers"].search_text


def test_the_preview_counts_what_would_move_and_changes_nothing(duplicates):
    d = duplicates
    before = snapshot()
    preview = merging.person_merge_preview(person=d["duplicate"], into=d["survivor"])
    assert preview == {
        "credits": 1,
        "credits_collapsed": 1,
        "posts": 2,
        "media_credits": 1,
        "claims": 2,
        "crew_account": 1,
        "follows": 0,
        "follows_collapsed": 0,
        "merged_records": 0,
        "aliases": 0,
        "aliases_collapsed": 0,
        "music_videos": 0,
    }
    assert snapshot() == before


def test_a_failure_late_in_the_merge_leaves_everything_as_it_was(
    duplicates, curator, monkeypatch
):
    d = duplicates
    before = snapshot()

    def broken_record(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(merging, "_record", broken_record)
    with pytest.raises(RuntimeError):
        merging.person_merge(person=d["duplicate"], into=d["survivor"], actor=curator)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["fan", "crew_person"])
def test_only_curators_merge(duplicates, request, who):
    user = request.getfixturevalue(who)
    if who == "crew_person":
        user = user.user
    before = snapshot()
    with pytest.raises(PermissionDenied):
        merging.person_merge(
            person=duplicates["duplicate"], into=duplicates["survivor"], actor=user
        )
    assert snapshot() == before


def test_a_superuser_merges(duplicates, superuser):
    merging.person_merge(
        person=duplicates["duplicate"], into=duplicates["survivor"], actor=superuser
    )
    assert MergeRecord.objects.get().actor == superuser


def refused(**kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        merging.person_merge(**kwargs)
    return " ".join(error.value.message_dict["into"])


def test_a_person_is_not_merged_into_themselves(curator):
    person = PersonFactory()
    assert "into itself" in refused(person=person, into=person, actor=curator)
    assert not MergeRecord.objects.exists()


def test_merging_into_a_merged_person_is_refused_and_names_the_survivor(curator):
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory(name="Ana")
    merging.person_merge(person=second, into=third, actor=curator)
    before = snapshot()
    message = refused(person=first, into=second, actor=curator)
    assert "merged into Ana" in message
    assert snapshot() == before


def test_merging_a_merged_person_again_is_refused(curator):
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    merging.person_merge(person=first, into=second, actor=curator)
    assert "already been merged" in refused(person=first, into=third, actor=curator)


def test_two_crew_accounts_are_refused_rather_than_guessed(duplicates, curator):
    d = duplicates
    d["survivor"].user = UserFactory(username="other")
    d["survivor"].save()
    before = snapshot()
    message = refused(person=d["duplicate"], into=d["survivor"], actor=curator)
    assert "each have a crew account" in message
    assert snapshot() == before


def test_earlier_merges_follow_to_the_new_survivor(client, curator):
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    merging.person_merge(person=first, into=second, actor=curator)
    merging.person_merge(person=second, into=third, actor=curator)
    first.refresh_from_db()
    assert first.merged_into == third
    response = client.get(first.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == third.get_absolute_url()


def test_a_merged_persons_page_answers_301_and_lists_forget_them(client, curator):
    duplicate = PersonFactory(name="Jonas Reed")
    survivor = PersonFactory(name="Jonas Reed Jr")
    CreditFactory(person=survivor)
    merging.person_merge(person=duplicate, into=survivor, actor=curator)

    response = client.get(reverse("showcase:person-detail", args=[duplicate.slug]))
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()
    assert client.get(survivor.get_absolute_url()).status_code == 200

    found = client.get(reverse("showcase:search"), {"q": "Jonas"}).context["results"]
    assert found["people"] == [survivor]
    sitemap = client.get(reverse("showcase:sitemap")).content.decode()
    assert survivor.get_absolute_url() in sitemap
    assert f"/people/{duplicate.slug}/" not in sitemap


# --- Productions ------------------------------------------------------------------
@pytest.fixture
def twin_productions():
    role = RoleFactory(name="Set Designer", slug="set-designer")
    duplicate = ProductionFactory(title="Salt Orchard")
    survivor = ProductionFactory(title="The Salt Orchard")
    duplicate.tags.add("harbour", "night")
    survivor.tags.add("harbour")
    person, other = PersonFactory(), PersonFactory()
    shared = CreditFactory(
        production=duplicate, person=person, role=role, is_verified=True
    )
    kept = CreditFactory(production=survivor, person=person, role=role)
    moving = CreditFactory(production=duplicate, person=other, role=role)
    post = PostFactory(production=duplicate, title="Building the pier")
    return locals()


def test_a_production_merge_moves_credits_posts_and_tags(twin_productions, curator):
    t = twin_productions
    record = merging.production_merge(
        production=t["duplicate"], into=t["survivor"], actor=curator
    )
    duplicate, survivor = t["duplicate"], t["survivor"]
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert set(survivor.credits.values_list("pk", "is_verified")) == {
        (t["kept"].pk, True),
        (t["moving"].pk, False),
    }
    assert not Credit.objects.filter(pk=t["shared"].pk).exists()
    t["post"].refresh_from_db()
    assert t["post"].production == survivor
    assert "The Salt Orchard" in t["post"].search_text
    assert sorted(survivor.tags.names()) == ["harbour", "night"]
    assert not duplicate.tags.exists()
    assert record.kind == MergeKind.PRODUCTION
    assert record.production == survivor
    assert record.moved["tags"] == {"count": 2, "ids": ["harbour", "night"]}
    assert record.moved["posts"] == {"count": 1, "ids": [t["post"].pk]}


def test_a_merged_productions_page_answers_301_and_lists_forget_it(
    client, twin_productions, curator
):
    t = twin_productions
    merging.production_merge(
        production=t["duplicate"], into=t["survivor"], actor=curator
    )
    response = client.get(t["duplicate"].get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == t["survivor"].get_absolute_url()
    listed = client.get(reverse("showcase:production-list")).context["productions"]
    assert t["duplicate"] not in listed
    assert t["survivor"] in listed
    found = client.get(reverse("showcase:search"), {"q": "Orchard"}).context["results"]
    assert found["productions"] == [t["survivor"]]


def test_productions_of_different_kinds_do_not_merge(curator):
    film = ProductionFactory()
    play = ProductionFactory(kind=ProductionKind.THEATER, status="running")
    with pytest.raises(ValidationError) as error:
        merging.production_merge(production=film, into=play, actor=curator)
    assert "same kind" in " ".join(error.value.message_dict["into"])
    film.refresh_from_db()
    assert film.merged_into is None


def test_a_failed_production_merge_moves_nothing(
    twin_productions, curator, monkeypatch
):
    t = twin_productions

    def broken_record(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(merging, "_record", broken_record)
    with pytest.raises(RuntimeError):
        merging.production_merge(
            production=t["duplicate"], into=t["survivor"], actor=curator
        )
    assert Production.objects.get(pk=t["duplicate"].pk).merged_into is None
    assert Credit.objects.filter(production=t["duplicate"]).count() == 2
    assert Post.objects.get(pk=t["post"].pk).production_id == t["duplicate"].pk
    assert sorted(t["duplicate"].tags.names()) == ["harbour", "night"]


def test_a_series_merge_takes_its_seasons_episodes_and_episode_credits(curator):
    from productions.models import Episode, Season

    series = ProductionFactory(kind=ProductionKind.TV_SERIES, status="released")
    twin = ProductionFactory(kind=ProductionKind.TV_SERIES, status="released")
    season = Season.objects.create(production=twin, number=1)
    pilot = Episode.objects.create(season=season, number=1, title="Pilot")
    director = PersonFactory()
    credit = CreditFactory(production=twin, person=director, episode=pilot)

    merging.production_merge(production=twin, into=series, actor=curator)

    season.refresh_from_db()
    credit.refresh_from_db()
    assert season.production == series
    assert (credit.production, credit.episode) == (series, pilot)
    record = MergeRecord.objects.get(kind=MergeKind.PRODUCTION)
    assert season.pk in record.moved["seasons"]["ids"]


def test_two_series_that_both_have_seasons_are_refused(curator):
    from productions.models import Season

    series = ProductionFactory(kind=ProductionKind.TV_SERIES, status="released")
    twin = ProductionFactory(kind=ProductionKind.TV_SERIES, status="released")
    for production in (series, twin):
        Season.objects.create(production=production, number=1)

    with pytest.raises(ValidationError) as error:
        merging.production_merge(production=twin, into=series, actor=curator)

    assert "both have seasons" in " ".join(error.value.message_dict["into"])
    assert Season.objects.filter(production=twin).count() == 1
