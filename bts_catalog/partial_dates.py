"""Dates known only to the year or the month.

A partial date is stored as a ``DateField`` holding the first day of what is known
(1 May 1956 for "May 1956", 1 January 1956 for "1956") beside a precision, so
that it sorts and filters like any date and is never shown as a false 1 January.
Its written form is ISO 8601's reduced precision: ``1956``, ``1956-05``,
``1956-05-14``.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import MONTHS


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year only"


_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2}))?(?:-(?P<day>\d{1,2}))?$")
_DAY_WITHOUT_MONTH = re.compile(r"^\d{4}-{2,}\d{1,2}$|^\d{4}-XX-\d{1,2}$", re.I)

MIN_YEAR = 1000
MAX_YEAR = 9999


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, value: datetime.date | None, precision: str) -> "PartialDate | None":
        if value is None:
            return None
        if precision == DatePrecision.YEAR:
            return cls(value.year)
        if precision == DatePrecision.MONTH:
            return cls(value.year, value.month)
        return cls(value.year, value.month, value.day)

    @classmethod
    def build(cls, year, month=None, day=None) -> "PartialDate":
        """A partial date from its parts, or ValidationError saying what is wrong."""
        if year in (None, ""):
            if month not in (None, "") or day not in (None, ""):
                raise ValidationError("Give the year too.", code="no_year")
            raise ValidationError("Give at least the year.", code="required")
        if day not in (None, "") and month in (None, ""):
            raise ValidationError(
                "A date with a day needs its month: give the month, or leave the "
                "day out.",
                code="day_without_month",
            )
        try:
            year = int(year)
            month = int(month) if month not in (None, "") else None
            day = int(day) if day not in (None, "") else None
        except (TypeError, ValueError):
            raise ValidationError(
                "Year, month and day are numbers.", code="invalid"
            ) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                f"The year is between {MIN_YEAR} and {MAX_YEAR}.", code="invalid_year"
            )
        if month is not None and not 1 <= month <= 12:
            raise ValidationError(
                "The month is between 1 and 12.", code="invalid_month"
            )
        if day is not None:
            try:
                datetime.date(year, month, day)
            except ValueError:
                raise ValidationError(
                    f"{MONTHS[month]} {year} has no day {day}.", code="invalid_day"
                ) from None
        return cls(year, month, day)

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """``1956``, ``1956-05`` or ``1956-05-14``."""
        text = (text or "").strip()
        if _DAY_WITHOUT_MONTH.match(text):
            return cls.build(text[:4], None, text.rsplit("-", 1)[1])
        match = _ISO.match(text)
        if not match:
            raise ValidationError(
                "Write the date as YYYY, YYYY-MM or YYYY-MM-DD (1956, 1956-05 or "
                "1956-05-14).",
                code="invalid",
            )
        return cls.build(match["year"], match["month"], match["day"])

    @property
    def precision(self) -> str:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def date(self) -> datetime.date:
        """The first day of what is known, as stored."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        """How pages show it: '1956', 'May 1956', '14 May 1956'."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTHS[self.month]} {self.year}"
        return f"{self.day} {MONTHS[self.month]} {self.year}"


def first_day_known(
    value: datetime.date | None, precision: str
) -> datetime.date | None:
    """The date as stored: day and month dropped where they are not known."""
    partial = PartialDate.of(value, precision)
    return partial.date if partial else None


def partial_isoformat(value: datetime.date | None, precision: str) -> str | None:
    partial = PartialDate.of(value, precision)
    return partial.isoformat() if partial else None


def partial_display(value: datetime.date | None, precision: str) -> str:
    partial = PartialDate.of(value, precision)
    return str(partial) if partial else ""
