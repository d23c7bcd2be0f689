"""Benchmark of the meeting scheduler on a synthetic event built in memory (no database)."""

from __future__ import annotations

import random
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from events.scheduling import Placement, Problem, Request, Schedule, clashes, solve

PRIORITY_SHARES = {1: 70, 2: 20, 3: 10}  # percent of requests at each priority
UNAVAILABLE_SHARE = 0.10  # participants who miss a few slots (arrive late, leave early, a lunch)


def synthetic_event(
    *,
    companies: int,
    contractors: int,
    requests: int,
    slots: int,
    tables: int,
    own_tables: int = 0,
    fixed: int = 0,
    seed: int = 0,
) -> Problem:
    """An event like the one issue 8 describes, the same for the same arguments. Contractors are
    participants 1..contractors, Korean companies the ids after them; each request pairs one
    contractor with one company, no pair twice. The first ``own_tables`` contractors each keep a
    table of their own for all their meetings; ``fixed`` requests are pinned where they fit."""
    if requests > companies * contractors:
        raise ValueError(
            f"{companies} companies and {contractors} contractors make fewer than {requests} pairs."
        )
    if own_tables > min(contractors, tables):
        raise ValueError(f"{own_tables} contractors cannot each keep one of {tables} tables.")
    rng = random.Random(seed)  # noqa: S311 (a reproducible synthetic event, not security)
    slot_ids = list(range(1, slots + 1))
    pairs = rng.sample(range(companies * contractors), requests)
    priorities = rng.choices(list(PRIORITY_SHARES), weights=list(PRIORITY_SHARES.values()), k=requests)
    problem = Problem(
        slots=slot_ids,
        tables=list(range(1, tables + 1)),
        requests=[
            Request(
                id=number,
                parties=(1 + pair // companies, 1 + contractors + pair % companies),
                priority=priority,
                # contractor n keeps table n
                tables=frozenset({1 + pair // companies}) if pair // companies < own_tables else None,
            )
            for number, (pair, priority) in enumerate(zip(pairs, priorities, strict=True), start=1)
        ],
    )
    for participant in range(1, contractors + companies + 1):
        if rng.random() < UNAVAILABLE_SHARE:
            missed = rng.randint(1, min(4, slots))
            first = rng.randrange(slots - missed + 1)
            problem.availability[participant] = frozenset(slot_ids[:first] + slot_ids[first + missed :])
    for request in rng.sample(problem.requests, min(fixed * 3, requests)):
        if len(problem.fixed) == fixed:
            break
        candidate = Placement(request.id, rng.choice(slot_ids), rng.choice(problem.tables))
        if not clashes(problem, problem.fixed, candidate):
            problem.fixed.append(candidate)
    return problem


def violations(problem: Problem, schedule: Schedule) -> list[str]:
    """What is wrong with the schedule, checked from scratch rather than through the scheduler's
    own clashes(): the benchmark must not trust what it measures."""
    requests = {request.id: request for request in problem.requests}
    found = []
    seats = Counter((placement.slot, placement.table) for placement in schedule.placements)
    found += [
        f"slot {slot} table {table} holds {count} meetings"
        for (slot, table), count in seats.items()
        if count > 1
    ]
    meetings = Counter(
        (placement.slot, party)
        for placement in schedule.placements
        for party in set(requests[placement.request_id].parties)
    )
    found += [
        f"participant {party} meets {count} times in slot {slot}"
        for (slot, party), count in meetings.items()
        if count > 1
    ]
    placed = Counter(placement.request_id for placement in schedule.placements)
    found += [
        f"request {request_id} is placed {count} times" for request_id, count in placed.items() if count > 1
    ]
    for placement in schedule.placements:
        request = requests[placement.request_id]
        if placement.slot not in problem.slots or placement.table not in problem.tables:
            found.append(f"request {request.id} is outside the grid")
        if request.tables is not None and placement.table not in request.tables:
            found.append(f"request {request.id} is at a table it may not use")
        for party in request.parties:
            if placement.slot not in problem.availability.get(party, problem.slots):
                found.append(f"participant {party} is unavailable in slot {placement.slot}")
    found += [f"fixed {fixed} was not kept" for fixed in problem.fixed if fixed not in schedule.placements]
    if schedule.placed != len(schedule.placements) or schedule.bound < schedule.placed:
        found.append(f"placed {schedule.placed} and bound {schedule.bound} do not add up")
    return found


EVENT_OPTIONS = ("companies", "contractors", "requests", "slots", "tables", "own_tables", "fixed", "seed")


class Command(BaseCommand):
    help = (
        "Schedule a synthetic event (default: issue 8's 400 Korean companies, 40 contractors, 3000 accepted "
        "requests, 16 slots x 40 tables) built in memory from --seed, and print the meetings placed, the "
        "proven upper bound, whether the schedule is optimal, the wall time and an independent clash check. "
        "Touches no database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=400, help="Korean companies (default 400).")
        parser.add_argument("--contractors", type=int, default=40, help="Foreign contractors (default 40).")
        parser.add_argument("--requests", type=int, default=3000, help="Accepted requests (default 3000).")
        parser.add_argument("--slots", type=int, default=16, help="Time slots (default 16).")
        parser.add_argument("--tables", type=int, default=40, help="Tables (default 40).")
        parser.add_argument(
            "--own-tables", type=int, default=0, help="Contractors keeping a table of their own (default 0)."
        )
        parser.add_argument(
            "--fixed", type=int, default=0, help="Meetings pinned before scheduling (default 0)."
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Seed of the event and of the solver (default 0)."
        )
        parser.add_argument(
            "--time-limit", type=float, default=8.0, help="Solver time limit in seconds (default 8)."
        )
        parser.add_argument("--workers", type=int, default=2, help="Solver threads (default 2).")

    def handle(self, *args, time_limit, workers, **options):
        command_started = time.perf_counter()
        try:
            problem = synthetic_event(**{name: options[name] for name in EVENT_OPTIONS})
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Event: {options['contractors']} contractors ({options['own_tables']} with a table of their own), "
            f"{options['companies']} companies, {len(problem.requests)} accepted requests, "
            f"{len(problem.slots)} slots x {len(problem.tables)} tables, {len(problem.fixed)} meetings fixed, "
            f"{len(problem.availability)} participants with gaps in their availability"
        )
        started = time.perf_counter()
        schedule = solve(problem, time_limit=time_limit, workers=workers, seed=options["seed"])
        wall = time.perf_counter() - started
        requests = {request.id: request for request in problem.requests}
        priorities = Counter(requests[placement.request_id].priority for placement in schedule.placements)
        reasons = Counter(str(reason) for reason in schedule.unplaced.values())
        self.stdout.write(
            f"Placed {schedule.placed} meetings; bound {schedule.bound}; "
            f"optimal: {'yes' if schedule.optimal else 'no'}; "
            f"by priority {dict(sorted(priorities.items()))}; unplaced {dict(sorted(reasons.items()))}"
        )
        self.stdout.write(
            f"Wall time {wall:.2f} s in solve() (checks, bounds, model building and search; time limit "
            f"{time_limit:g} s), {time.perf_counter() - command_started:.2f} s with generating the event"
        )
        if faults := violations(problem, schedule):
            raise CommandError(f"The schedule is broken: {'; '.join(faults[:10])}")
        self.stdout.write("Check: no clash (tables, participants, availability, fixed meetings)")
