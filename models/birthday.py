"""A birthday: solar or lunar, the year optional, a lunar one possibly in a leap month."""

from __future__ import annotations

import calendar
from datetime import date

from lunar_python import LunarMonth
from pydantic import BaseModel, ConfigDict, Field, model_validator

from xiaoben.models.enums import AgeBand
from xiaoben.models.errors import problem


class Birthday(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = Field(default=None, ge=1900, le=2199)
    lunar: bool = False
    leap_month: bool = False  # lunar only: born in the leap (闰) month

    @model_validator(mode="after")
    def _exists(self) -> Birthday:
        if self.lunar:
            self._check_lunar()
        else:
            if self.leap_month:
                raise problem("birthday_solar", month=self.month, day=self.day)
            # Feb 29 without a year is a real birthday (it falls on Feb 28/Mar 1 in common years).
            year = self.year if self.year is not None else 2000
            if self.day > calendar.monthrange(year, self.month)[1]:
                raise problem("birthday_solar", month=self.month, day=self.day)
        return self

    def _check_lunar(self) -> None:
        if self.day > 30:
            raise problem("birthday_lunar", detail=f"{self.month}/{self.day}")
        if self.year is None:
            return
        month = LunarMonth.fromYm(self.year, -self.month if self.leap_month else self.month)
        if month is None:
            raise problem(
                "birthday_lunar", detail=f"{self.year} 无闰{self.month}月 / no leap month"
            )
        if self.day > month.getDayCount():
            raise problem(
                "birthday_lunar",
                detail=f"{self.year}-{'闰' if self.leap_month else ''}{self.month}-{self.day}"
                f" ({month.getDayCount()})",
            )

    def as_text(self) -> str:
        """Compact text: 1990-03-05, --03-05, L1990-08-15, L--08-15; leap month L1990-*04-02."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        leap = "*" if self.leap_month else ""
        return f"{'L' if self.lunar else ''}{year}-{leap}{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_text(cls, text: str) -> Birthday:
        lunar = text.startswith("L")
        body = text[1:] if lunar else text
        year_part, rest = body.split("-", 1) if not body.startswith("--") else ("-", body[2:])
        leap = rest.startswith("*")
        month, day = rest.lstrip("*").split("-")
        year = None if year_part in ("-", "") else int(year_part)
        return cls(month=int(month), day=int(day), year=year, lunar=lunar, leap_month=leap)


# The first age of each band after the youngest, in AgeBand's order.
_BAND_STARTS = (18, 25, 35, 45, 55, 65)


def age_band_on(birthday: Birthday | None, today: date) -> AgeBand | None:
    """The age band a birthday with its year puts the customer in on `today` (None without
    a year, or born after today). A lunar birthday is compared by its own numbers, as
    born_after does: its band may change up to a month late."""
    if birthday is None or birthday.year is None or born_after(birthday, today):
        return None
    age = today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
    bands = list(AgeBand)
    return bands[sum(age >= start for start in _BAND_STARTS)]


def born_after(birthday: Birthday | None, today: date) -> bool:
    """Whether a birthday with its year is after `today` (a typo: 2030 for 1930). A lunar one
    is compared by its own numbers, which never run ahead of the solar day it falls on."""
    if birthday is None or birthday.year is None:
        return False
    return (birthday.year, birthday.month, birthday.day) > (today.year, today.month, today.day)


# The oldest age a year of birth is believed at (older is a typo: 1090 for 1990)
OLDEST = 120


def age_band_of_years(first: int, last: int, today: date) -> AgeBand | None:
    """The age band of a customer born in a year from `first` to `last` (a year written
    without its day: 1990 to 1990; a generation: 1990 to 1999 for 90后) on `today`, when every
    age she may be is in one band (born in 1990, she is 35 or 36 on 2026-12-07: 35–44岁;
    90后 may be 26 to 36: no one band); None when they span two, or when the years are after
    today or more than OLDEST years before it."""
    if first > today.year or first < today.year - OLDEST or last < first:
        return None
    youngest = max(0, today.year - min(last, today.year) - 1)
    oldest = today.year - first
    band = AgeBand.of_age(youngest)
    return band if AgeBand.of_age(oldest) is band else None
