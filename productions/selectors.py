"""Credit lines: a person's episode credits on a series read as one line, as film
databases show them ("Director of Photography · 6 episodes · 2024–2025"); a stage
show's runs grouped by tour, each with its own company; a venue's runs and the
venues by city."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import (
    Credit,
    Department,
    Episode,
    Performance,
    PerformanceKind,
    Person,
    Production,
    ProductionQuerySet,
    Role,
    Run,
    Venue,
    year_span,
)


@dataclass
class CreditLine:
    """One person in one role (and character) on one production.

    Either a single series-wide credit (``episodes`` empty) or every credit the
    person holds in that role on separate episodes of the series.
    """

    production: Production
    person: Person
    role: Role
    character: str
    billing_order: int
    credits: list[Credit] = field(default_factory=list)

    @property
    def department(self) -> Department:
        return self.role.department

    @property
    def is_verified(self) -> bool:
        return all(credit.is_verified for credit in self.credits)

    @property
    def credited_as(self) -> str:
        """The names on screen that differ from the person's, in credit order and
        each once: "J. D. Ames", or "J. D. Ames / Jay Ames" when the episodes
        credit the person differently. Episodes that use the person's own name
        add nothing."""
        names = dict.fromkeys(c.credited_as for c in self.credits if c.credited_as)
        return " / ".join(names)

    @property
    def episodes(self) -> list[Episode]:
        return [credit.episode for credit in self.credits if credit.episode_id]

    @property
    def episode_count(self) -> int:
        return len(self.episodes)

    @property
    def episodes_label(self) -> str:
        count = self.episode_count
        if not count:
            return ""
        return f"{count} episode" if count == 1 else f"{count} episodes"

    @property
    def years(self) -> str:
        """The span of the episodes' air dates: '2024–2025', '2024' or ''."""
        aired = [episode.air_date.year for episode in self.episodes if episode.air_date]
        return year_span(min(aired), max(aired)) if aired else ""

    @property
    def run(self) -> Run | None:
        """The run a theater credit is for; None when it is for every run."""
        credit = self.credits[0]
        return credit.run if credit.run_id else None

    @property
    def start_date(self) -> datetime.date | None:
        """When the person joined: the earliest start among its credits."""
        starts = [credit.start_date for credit in self.credits if credit.start_date]
        return min(starts) if starts else None

    @property
    def end_date(self) -> datetime.date | None:
        """When the person left: the latest end, or None while any credit of the
        line has no end."""
        ends = [credit.end_date for credit in self.credits]
        return max(ends) if ends and all(ends) else None

    @property
    def within_one_year(self) -> bool:
        """True when it starts and ends in the same year, so that the start can
        leave its year out ("3 Feb – 1 Mar 2026")."""
        start, end = self.start_date, self.end_date
        return bool(start and end and start.year == end.year)


def credit_lines(credits: Iterable[Credit]) -> list[CreditLine]:
    """Fold episode credits into one line per (production, person, role,
    character), in the order the credits come; series-wide credits stay one line
    each. Pass credits with ``with_related()`` so no row costs a query."""
    lines: list[CreditLine] = []
    by_key: dict[tuple, CreditLine] = {}
    for credit in credits:
        key = (credit.production_id, credit.person_id, credit.role_id, credit.character)
        line = by_key.get(key) if credit.episode_id else None
        if line is None:
            line = CreditLine(
                production=credit.production,
                person=credit.person,
                role=credit.role,
                character=credit.character,
                billing_order=credit.billing_order,
            )
            lines.append(line)
            if credit.episode_id:
                by_key[key] = line
        line.credits.append(credit)
    return lines


def split_run_credits(
    lines: Iterable[CreditLine],
) -> tuple[list[CreditLine], dict[int, list[CreditLine]]]:
    """The lines for every run of a production, and the run-scoped ones by run id,
    each list in the order the lines come."""
    production_wide: list[CreditLine] = []
    by_run: dict[int, list[CreditLine]] = {}
    for line in lines:
        if line.run is None:
            production_wide.append(line)
        else:
            by_run.setdefault(line.run.pk, []).append(line)
    return production_wide, by_run


@dataclass
class RunEntry:
    """One run as a production page lists it: its performances and its company."""

    run: Run
    credits: list[CreditLine] = field(default_factory=list)

    @property
    def performances(self) -> list[Performance]:
        return list(self.run.performances.all())

    @property
    def performance_count(self) -> int:
        return len(self.performances)

    @property
    def special_performances(self) -> list[Performance]:
        """Press nights, galas, understudy and captioned performances: every one
        that is not a regular performance."""
        return [
            performance
            for performance in self.performances
            if performance.kind != PerformanceKind.REGULAR
        ]


@dataclass
class Tour:
    """Runs under one tour name, or the runs that are no tour's stops (``name``
    blank)."""

    name: str
    runs: list[RunEntry] = field(default_factory=list)


def runs_by_tour(
    runs: Iterable[Run], run_credits: dict[int, list[CreditLine]] | None = None
) -> list[Tour]:
    """Group runs by tour in the order the runs come, a tour where its first run
    falls. Pass runs ``with_performances()`` so that no run costs a query."""
    run_credits = run_credits or {}
    tours: dict[str, Tour] = {}
    for run in runs:
        tour = tours.setdefault(run.tour, Tour(name=run.tour))
        tour.runs.append(RunEntry(run=run, credits=run_credits.get(run.pk, [])))
    return list(tours.values())


def venue_runs(venue: Venue, today: datetime.date) -> tuple[list[Run], list[Run]]:
    """A venue's runs on or yet to come (soonest first) and its past runs (the
    latest first), leaving out productions merged into another."""
    runs = (
        Run.objects.filter(venue=venue, production__merged_into__isnull=True)
        .with_related()
        .in_order()
    )
    current, past = [], []
    for run in runs:
        if run.closing_date is not None and run.closing_date < today:
            past.append(run)
        else:
            current.append(run)
    past.sort(key=lambda run: (run.closing_date, run.opening_date), reverse=True)
    return current, past


@dataclass
class City:
    name: str
    country: str
    venues: list[Venue] = field(default_factory=list)


def venues_by_city(venues: Iterable[Venue]) -> list[City]:
    """Venues grouped by city and country, in the order they come: pass them
    ordered by city, country and name."""
    cities: dict[tuple[str, str], City] = {}
    for venue in venues:
        key = (venue.city, venue.country)
        city = cities.setdefault(key, City(name=venue.city, country=venue.country))
        city.venues.append(venue)
    return list(cities.values())


def music_videos_by(person: Person) -> ProductionQuerySet:
    """The music videos a person performs in as the artist, the newest first."""
    return (
        Production.objects.current()
        .filter(artist=person)
        .order_by("-release_date", "title")
    )
