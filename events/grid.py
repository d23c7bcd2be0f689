"""The meeting grid of an event: slot times from a start, a length, a count and breaks.

Plain Python with no Django import, so the rule is easy to test and to reuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Break:
    starts: time
    ends: time


def parse_breaks(text: str) -> list[Break]:
    """``"12:00-13:00, 15:00-15:15"`` -> breaks; ValueError naming the bad part otherwise."""
    breaks = []
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            start_text, end_text = (piece.strip() for piece in part.replace("\N{EN DASH}", "-").split("-"))
            starts, ends = time.fromisoformat(start_text), time.fromisoformat(end_text)
        except ValueError:
            raise ValueError(part) from None
        if ends <= starts:
            raise ValueError(part)
        breaks.append(Break(starts, ends))
    return sorted(breaks, key=lambda b: b.starts)


def slot_times(
    first: datetime, *, minutes: int, count: int, gap: int = 0, breaks: list[Break] = ()
) -> list[tuple[datetime, datetime]]:
    """``count`` slots of ``minutes`` from ``first`` (timezone-aware), ``gap`` minutes apart; a slot
    that would overlap a break starts when the break ends. Slots never cross midnight."""
    if minutes <= 0 or count <= 0 or gap < 0:
        raise ValueError("minutes and count must be positive")
    slots = []
    start = first
    length = timedelta(minutes=minutes)
    while len(slots) < count:
        end = start + length
        for pause in breaks:
            pause_start = start.replace(hour=pause.starts.hour, minute=pause.starts.minute, second=0)
            pause_end = start.replace(hour=pause.ends.hour, minute=pause.ends.minute, second=0)
            if start < pause_end and pause_start < end:
                start, end = pause_end, pause_end + length
        if end.date() != first.date() and end.time() != time(0):
            raise ValueError("the slots run past midnight")
        slots.append((start, end))
        start = end + timedelta(minutes=gap)
    return slots
