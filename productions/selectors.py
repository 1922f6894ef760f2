"""Credit lines: a person's episode credits on a series read as one line, as film
databases show them ("Director of Photography · 6 episodes · 2024–2025")."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Credit, Department, Episode, Person, Production, Role, year_span


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
