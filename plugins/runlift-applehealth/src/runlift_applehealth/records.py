"""What the export's `<Record>`s give: resting heart rate and HRV (SDNN) readings, weigh-ins with the body
fat measured with them, and the sleep segments the nights are made of; other types are counted, not read."""

from __future__ import annotations

from datetime import datetime

from runlift.importers import BodyComposition, Unimportable, Wellness
from runlift.importers.notes import Notes
from runlift_applehealth.dates import Moment, parse_moment
from runlift_applehealth.nodes import Node
from runlift_applehealth.sleep import PREFIX as SLEEP_PREFIX
from runlift_applehealth.sleep import Nights, Segment
from runlift_applehealth.units import convert

RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
SDNN = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
MASS = "HKQuantityTypeIdentifierBodyMass"
FAT = "HKQuantityTypeIdentifierBodyFatPercentage"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
READ = frozenset({RESTING, SDNN, MASS, FAT, SLEEP})


class Records:
    """Takes each `<Record>` as the export streams past; `wellness`, `body` and `nights` at the end."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.wellness: list[Wellness] = []
        self.masses: list[tuple[Moment, float]] = []
        self.fats: dict[datetime, float] = {}
        self.sleep = Nights()
        self.count = 0
        self.skipped = 0
        self.first_skipped: str | None = None

    def skip(self, kind: str) -> None:
        """A record of a type runlift does not read: counted, never built (into the notes at the end:
        the export's millions of heart-rate samples pass here)."""
        self.count += 1
        self.skipped += 1
        if self.first_skipped is None:
            self.first_skipped = kind or "no type"

    def noted(self) -> Notes:
        """The notes, with the records skipped counted in."""
        if self.first_skipped is not None:
            what = "records of types runlift does not read"
            self.notes.counts[what] += self.skipped
            self.notes.examples.setdefault(what, self.first_skipped)
            self.skipped, self.first_skipped = 0, None
        return self.notes

    def take(self, element: Node) -> None:
        """A record of a type in READ."""
        self.count += 1
        a = element.attrib
        kind = a.get("type", "")
        if kind == SLEEP:
            self._sleep(a)
        elif kind in (RESTING, SDNN):
            start = self._moment(a, "startDate", kind)
            value = self._value(a, kind)
            if value is None:
                return
            field = "resting_hr_bpm" if kind == RESTING else "hrv_sdnn_ms"
            self.wellness.append(
                Wellness(measured_utc=start.utc, utc_offset_s=start.offset_s, **{field: value})
            )
        elif kind == MASS:
            value = self._value(a, kind)
            kg = None if value is None else convert(value, a.get("unit", "kg"), "mass (kg)")
            if kg is None:
                self.notes.add("weights in a unit runlift does not know", a.get("unit", "none"))
                return
            self.masses.append((self._moment(a, "startDate", kind), kg))
        elif kind == FAT:
            value = self._value(a, kind)
            if value is not None:
                # HealthKit stores a fraction (0.1507) under the unit "%"; a writer that stores percent
                # (15.07) is read as such.
                self.fats[self._moment(a, "startDate", kind).utc] = (
                    value * 100 if value <= 1 else value
                )

    def _sleep(self, a: dict[str, str]) -> None:
        value = a.get("value", "").removeprefix(SLEEP_PREFIX)
        start, end = self._moment(a, "startDate", SLEEP), self._moment(a, "endDate", SLEEP)
        if end.utc <= start.utc:
            self.notes.add("sleep records that end before they start", f"{a.get('startDate')}")
            return
        self.sleep.add(a.get("sourceName", ""), Segment(start.utc, end.utc, end.offset_s, value))

    def _moment(self, a: dict[str, str], key: str, kind: str) -> Moment:
        text = a.get(key)
        moment = parse_moment(text) if text is not None else None
        if moment is None:
            shown = "missing" if text is None else repr(text)
            raise Unimportable(
                f"record {self.count:,} ({kind}): {key} is {shown}, not a date such as "
                "2024-01-02 07:30:00 +0100"
            )
        return moment

    def _value(self, a: dict[str, str], kind: str) -> float | None:
        text = a.get("value")
        try:
            value = float(text) if text is not None else None
        except ValueError:
            raise Unimportable(
                f"record {self.count:,} ({kind}, {a.get('startDate')}): value is {text!r}, not a number"
            ) from None
        if value is None or value != value or value < 0:
            self.notes.add("records without a value", f"{kind} at {a.get('startDate')}")
            return None
        return value

    def body(self) -> list[BodyComposition]:
        """Each weigh-in, with the body fat measured at the same instant."""
        used: set[datetime] = set()
        weigh_ins = []
        for moment, kg in self.masses:
            fat = self.fats.get(moment.utc)
            if fat is not None:
                used.add(moment.utc)
            weigh_ins.append(
                BodyComposition(
                    measured_utc=moment.utc,
                    utc_offset_s=moment.offset_s,
                    weight_kg=kg,
                    body_fat_pct=fat,
                )
            )
        for instant in sorted(set(self.fats) - used):
            self.notes.add(
                "body fat readings without a weight at the same time", f"{instant:%Y-%m-%d}"
            )
        return weigh_ins
