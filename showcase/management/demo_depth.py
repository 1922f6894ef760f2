"""The demo catalogue's depth: what the first production of each kind (the
third, for TV series) shows beyond its credits and posts.

- the TV series: two seasons of episodes, each with its own director, writer and
  guest star, and posts about its episodes;
- the stage show: a tour of three runs at three venues, with an opening night, a
  press night and an understudy performance, a cast change in the second run and
  posts about a run and a performance;
- the video game: Early Access, 1.0 and an expansion on the curated platforms,
  and posts about each version they came after;
- the music video: its track and artist, the artist's page being the lead
  performer's, whose stage name is one of their aliases;
- the film: its original title in another language and other titles; and
  release dates known only to the year or the month, and Wikidata ids.

Every row is looked up by what makes it unique before it is written, so a second
run adds nothing; a production planned with other rows than these (a catalogue
seeded before) is left as it is.
"""

import datetime
import random
from collections.abc import Callable, Sequence

from bts_catalog.partial_dates import DatePrecision, PartialDate
from media_assets.models import Post, PostPhase
from productions.models import (
    AlternativeTitle,
    Credit,
    Episode,
    GameVersion,
    Performance,
    PerformanceKind,
    Person,
    PersonAlias,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
    VersionKind,
)

from . import demo_words as words

K = ProductionKind
DAY = datetime.timedelta(days=1)
WEEK = 7 * DAY

# The series' episodes, season by season; each credits a director and a writer,
# which its series-wide crew leaves room for (see seed_demo's plan_credits).
EPISODE_TITLES = (
    ("High Water", "The Lantern Room"),
    ("Undertow", "Salt in the Wound"),
)
EPISODE_CREW = ("director", "screenwriter")
EPISODE_CREW_COUNT = len(EPISODE_CREW) * sum(len(s) for s in EPISODE_TITLES)
GUEST_CHARACTERS = ("The Harbourmaster", "Nell Garrow", "Father Quinlan", "Ada Voss")

TOUR = "UK & Ireland tour"
TOUR_RUNS = 3
CURTAIN = datetime.time(19, 30)
MATINEE = datetime.time(14, 30)

# (name, kind, days from the planned release, precision, platform slugs)
VERSIONS = (
    (
        "Early Access",
        VersionKind.EARLY_ACCESS,
        -365,
        DatePrecision.MONTH,
        ("windows", "steam-deck"),
    ),
    (
        "1.0",
        VersionKind.RELEASE,
        0,
        DatePrecision.DAY,
        ("windows", "ps5", "xbox-series"),
    ),
    (
        "The Drowned Archive",
        VersionKind.EXPANSION,
        420,
        DatePrecision.DAY,
        ("windows", "ps5", "xbox-series", "switch"),
    ),
)
VERSION_PHASES = (PostPhase.PRODUCTION, PostPhase.POST_PRODUCTION, PostPhase.RELEASE)

# The film's title in its original language, by the language of its locale.
ORIGINAL_TITLES = {
    "fr": "L'Héritage des marées",
    "es": "La herencia del río",
    "it": "L'eredità del fiume",
    "de": "Das Erbe der Gezeiten",
    "pt": "A herança do rio",
    "nl": "De erfenis van het getij",
    "sv": "Arvet efter tidvattnet",
    "pl": "Dziedzictwo przypływu",
    "da": "Tidevandets arv",
    "fi": "Vuoroveden perintö",
}
FALLBACK_LANGUAGE = "fi"
# A title it is known by elsewhere: (title, language, note).
OTHER_TITLES = (("Heritage of the Tides", "en", "UK title"),)


def wikidata_id(rng: random.Random) -> str:
    return f"Q{rng.randint(100_000_000, 139_999_999)}"


# The series whose episodes are credited is the first block's third, released
# like the two before it: its smaller series-wide crew (see is_showcase_series)
# then changes the plans of few productions after it.
SERIES_SLOT = 2


def is_showcase_series(plan) -> bool:
    """Whether ``plan`` is the TV series whose episodes are credited."""
    return plan.kind == K.TV_SERIES and plan.block == 0 and plan.slot == SERIES_SLOT


class DepthSeeder:
    """Adds the depth to the first block's first production of each kind.

    ``people`` are the first block's planned people, ``credits`` and ``posts``
    each production's plans by slug; ``production_id``, ``person_id`` and
    ``rng`` are the main seeder's: a plan's row id, a planned person's row id,
    and a random stream for each part.
    """

    def __init__(
        self,
        *,
        productions: Sequence,
        people: Sequence,
        credits: dict[str, list],
        posts: dict[str, list],
        production_id: Callable[[str], int],
        person_id: Callable[[int], int],
        rng: Callable[..., random.Random],
    ) -> None:
        self.first = {}
        for plan in productions:
            if is_showcase_series(plan) or (
                plan.block == 0 and plan.slot == 0 and plan.kind != K.TV_SERIES
            ):
                self.first.setdefault(plan.kind, plan)
        self.productions = productions
        self.people = people
        self.credits = credits
        self.posts = posts
        self.production_id = production_id
        self.person_id = person_id
        self.rng = rng
        self.roles = {role.slug: role for role in Role.objects.all()}

    def run(self) -> None:
        for kind, add in (
            (K.TV_SERIES, self._add_episodes),
            (K.THEATER, self._add_tour),
            (K.VIDEO_GAME, self._add_versions),
            (K.MUSIC_VIDEO, self._add_track),
            (K.FILM, self._add_titles),
        ):
            plan = self.first.get(kind)
            if plan is not None:
                add(plan, Production.objects.get(pk=self.production_id(plan.slug)))
        self._add_partial_dates()
        self._add_wikidata_ids()

    # Helpers ------------------------------------------------------------------
    def _people_of(
        self, craft: str, *, leaving_out: set[int] | frozenset = frozenset()
    ) -> list[int]:
        return [
            person.index
            for person in self.people
            if person.craft == craft and person.index not in leaving_out
        ]

    def _credited(self, plan) -> set[int]:
        return {credit.person for credit in self.credits[plan.slug]}

    def _posts(self, plan) -> list[Post]:
        slugs = [post.slug for post in self.posts[plan.slug]]
        return list(
            Post.objects.filter(
                slug__in=slugs, production_id=self.production_id(plan.slug)
            ).order_by("happened_on", "id")
        )

    @staticmethod
    def _anchor(post: Post, **anchors) -> None:
        """Anchor a post that is not anchored yet."""
        if post.anchor is None:
            for name, value in anchors.items():
                setattr(post, name, value)
            post.save(update_fields=[*anchors, "updated_at"])

    def _credit(self, production: Production, person: int, role: str, **scope):
        Credit.objects.get_or_create(
            production=production,
            person_id=self.person_id(person),
            role=self.roles[role],
            character=scope.pop("character", ""),
            episode=scope.pop("episode", None),
            run=scope.pop("run", None),
            start_date=scope.pop("start_date", None),
            defaults={"billing_order": 200, **scope},
        )

    # The series ---------------------------------------------------------------
    def _add_episodes(self, plan, series: Production) -> None:
        rng = self.rng("depth", "episodes", plan.slug)
        first_air = series.release_date or plan.anchor
        credited = self._credited(plan)
        directors = self._people_of("directing") or sorted(credited)
        writers = self._people_of("writing") or sorted(credited)
        guests = self._people_of("cast", leaving_out=credited) or sorted(credited)
        episodes = []
        for season_index, titles in enumerate(EPISODE_TITLES):
            starts = first_air + season_index * 52 * WEEK
            season, _ = Season.objects.get_or_create(
                production=series,
                number=season_index + 1,
                defaults={
                    "start_date": starts,
                    "end_date": starts + (len(titles) - 1) * WEEK,
                },
            )
            for number, title in enumerate(titles, start=1):
                episode, _ = Episode.objects.get_or_create(
                    season=season,
                    number=number,
                    defaults={
                        "title": title,
                        "air_date": starts + (number - 1) * WEEK,
                        "synopsis": f"Episode {number} of season {season.number}.",
                    },
                )
                episodes.append(episode)
        for position, episode in enumerate(episodes):
            self._credit(
                series,
                directors[position % len(directors)],
                "director",
                episode=episode,
            )
            self._credit(
                series,
                writers[position % len(writers)],
                "screenwriter",
                episode=episode,
            )
            self._credit(
                series,
                rng.choice(guests),
                "actor",
                episode=episode,
                character=GUEST_CHARACTERS[position % len(GUEST_CHARACTERS)],
            )
        # The posts made while the first season was shot are about its episodes.
        shot = [
            post
            for post in self._posts(plan)
            if post.phase in (PostPhase.PRODUCTION, PostPhase.POST_PRODUCTION)
        ]
        for post, episode in zip(shot, episodes, strict=False):
            self._anchor(post, episode=episode)

    # The stage show -------------------------------------------------------------
    def _add_tour(self, plan, show: Production) -> None:
        opening = show.release_date or plan.anchor
        closing = plan.run_end or opening + 12 * WEEK
        start = words.VENUES.index(plan.venue) if plan.venue in words.VENUES else 0
        places = [words.VENUES[(start + n) % len(words.VENUES)] for n in range(3)]
        length = max((closing - opening).days // TOUR_RUNS, 1)
        runs = []
        for number, place in enumerate(places):
            name, city = place.rsplit(", ", 1)
            venue, _ = Venue.objects.get_or_create(
                name=name,
                city=city,
                defaults={
                    "country": "Ireland" if city == "Dublin" else "United Kingdom",
                    "capacity": 600 + 150 * number,
                },
            )
            run_opens = opening + number * length * DAY
            last = number == TOUR_RUNS - 1
            run_closes = run_opens + (length - 1) * DAY
            still_open = last and show.status == ProductionStatus.RUNNING
            run, _ = Run.objects.get_or_create(
                production=show,
                venue=venue,
                opening_date=run_opens,
                defaults={
                    "tour": f"{TOUR} {opening.year}",
                    "closing_date": None if still_open else max(run_closes, run_opens),
                },
            )
            runs.append(run)
        self._add_performances(runs)
        self._add_cast_change(plan, show, runs[1] if len(runs) > 1 else runs[0])
        posts = self._posts(plan)
        rehearsals = [post for post in posts if post.phase == PostPhase.PRODUCTION]
        if rehearsals:
            self._anchor(rehearsals[-1], run=runs[0])
        for post in posts:
            if post.phase != PostPhase.LIVE_RUN:
                continue
            run = next((r for r in runs if self._plays_on(r, post.happened_on)), None)
            if run is None:
                continue
            performance, _ = Performance.objects.get_or_create(
                run=run, date=post.happened_on, time=CURTAIN
            )
            self._anchor(post, run=run, performance=performance)

    @staticmethod
    def _plays_on(run: Run, day: datetime.date) -> bool:
        return run.opening_date <= day and (
            run.closing_date is None or day <= run.closing_date
        )

    def _add_performances(self, runs: list[Run]) -> None:
        first = runs[0]
        wanted = [
            (first, 0, CURTAIN, PerformanceKind.OPENING_NIGHT, ""),
            (first, 2, CURTAIN, PerformanceKind.PRESS_NIGHT, "Reviewers in."),
        ]
        for run in runs[1:]:
            wanted.append((run, 0, CURTAIN, PerformanceKind.OPENING_NIGHT, ""))
        last = runs[-1]
        wanted.append(
            (
                last,
                5,
                MATINEE,
                PerformanceKind.UNDERSTUDY,
                "The understudy plays the lead at this matinee.",
            )
        )
        wanted.append((last, 6, MATINEE, PerformanceKind.RELAXED, ""))
        for run, days, time, kind, notes in wanted:
            day = run.opening_date + days * DAY
            if run.closing_date is not None:
                day = min(day, run.closing_date)
            Performance.objects.get_or_create(
                run=run, date=day, time=time, defaults={"kind": kind, "notes": notes}
            )

    def _add_cast_change(self, plan, show: Production, run: Run) -> None:
        """The lead leaves halfway through a run; another actor takes over."""
        lead = next(
            (
                credit
                for credit in self.credits[plan.slug]
                if credit.character and credit.department == "cast"
            ),
            None,
        )
        if lead is None:
            return
        newcomers = self._people_of("cast", leaving_out=self._credited(plan))
        if not newcomers:
            return
        ends = run.closing_date or run.opening_date + 8 * WEEK
        leaves = run.opening_date + (ends - run.opening_date) // 2
        self._credit(
            show,
            lead.person,
            "actor",
            run=run,
            character=lead.character,
            end_date=leaves,
        )
        self._credit(
            show,
            newcomers[0],
            "actor",
            run=run,
            character=lead.character,
            start_date=leaves + DAY,
        )
        if len(newcomers) > 1 and "understudy" in self.roles:
            self._credit(
                show, newcomers[1], "understudy", run=run, character=lead.character
            )

    # The game ---------------------------------------------------------------
    def _add_versions(self, plan, game: Production) -> None:
        launch = game.release_date or plan.anchor
        platforms = {platform.slug: platform for platform in Platform.objects.all()}
        versions = []
        for name, kind, days, precision, slugs in VERSIONS:
            partial = PartialDate.of(launch + days * DAY, precision)
            version, created = GameVersion.objects.get_or_create(
                production=game,
                name=name,
                defaults={
                    "kind": kind,
                    "release_date": partial.date,
                    "release_date_precision": precision,
                },
            )
            if created:
                version.platforms.set(
                    [platforms[slug] for slug in slugs if slug in platforms]
                )
            versions.append(version)
        # A post is about the latest version out on its day.
        for post in self._posts(plan):
            if post.phase not in VERSION_PHASES:
                continue
            out = [v for v in versions if v.release_date <= post.happened_on]
            if out:
                self._anchor(post, version=out[-1])

    # The music video --------------------------------------------------------
    def _add_track(self, plan, video: Production) -> None:
        if video.track or video.artist_id:
            return
        track, _, artist_name = plan.title.partition(" — ")
        performer = next(
            (c for c in self.credits[plan.slug] if c.department == "cast"), None
        )
        artist = (
            Person.objects.get(pk=self.person_id(performer.person))
            if performer
            else None
        )
        Production.objects.filter(pk=video.pk).update(
            track=track, artist_name=artist_name or plan.title, artist=artist
        )
        if artist is not None and artist_name:
            PersonAlias.objects.get_or_create(
                person=artist, name=artist_name, defaults={"note": "stage name"}
            )
            artist.refresh_other_names()

    # The film ---------------------------------------------------------------
    def _add_titles(self, plan, film: Production) -> None:
        language = plan.locale.split("_")[0]
        if language not in ORIGINAL_TITLES:
            language = FALLBACK_LANGUAGE
        if not film.original_title:
            Production.objects.filter(pk=film.pk).update(
                original_title=ORIGINAL_TITLES[language], original_language=language
            )
        for title, title_language, note in (
            *OTHER_TITLES,
            (f"{plan.title} (working title)", "", "working title"),
        ):
            AlternativeTitle.objects.get_or_create(
                production=film,
                title=title,
                language=title_language,
                defaults={"note": note},
            )
        film.refresh_other_titles()

    # Dates and ids ------------------------------------------------------------
    def _add_partial_dates(self) -> None:
        """The first block's first two productions still in development are
        known only to the year, and to the month, of their planned release
        (unless one of their posts comes after the day it would be stored as)."""
        candidates = Production.objects.filter(
            pk__in=[
                self.production_id(plan.slug)
                for plan in self.productions
                if plan.block == 0
            ],
            release_date__isnull=False,
            status__in=[
                ProductionStatus.ANNOUNCED,
                ProductionStatus.IN_DEVELOPMENT,
                ProductionStatus.PRE_PRODUCTION,
            ],
        ).order_by("pk")
        for production, precision in zip(
            candidates, (DatePrecision.YEAR, DatePrecision.MONTH), strict=False
        ):
            if production.release_date_precision != DatePrecision.DAY:
                continue  # seeded before
            partial = PartialDate.of(production.release_date, precision)
            if production.posts.filter(happened_on__gte=partial.date).exists():
                continue
            Production.objects.filter(pk=production.pk).update(
                release_date=partial.date, release_date_precision=precision
            )

    def _add_wikidata_ids(self) -> None:
        for plan in self.first.values():
            rng = self.rng("depth", "wikidata", plan.slug)
            Production.objects.filter(
                pk=self.production_id(plan.slug), wikidata_id=""
            ).update(wikidata_id=wikidata_id(rng))
            lead = next(iter(self.credits[plan.slug]), None)
            if lead is not None:
                Person.objects.filter(
                    pk=self.person_id(lead.person), wikidata_id=""
                ).update(wikidata_id=wikidata_id(rng))
