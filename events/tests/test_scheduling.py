"""The meeting scheduler (events/scheduling.py): plain Python, no database."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from events import scheduling
from events.management.commands.bench_scheduling import synthetic_event, violations
from events.scheduling import (
    Clash,
    FixedClashError,
    Placement,
    Problem,
    Request,
    Schedule,
    clashes,
    solve,
)

# Slot and table ids deliberately out of order and apart, so that no code may take an id for a position.
SLOTS = [7, 3, 9]
TABLES = [12, 10]


def exhaustive_best(problem: Problem) -> tuple[int, int]:
    """(meetings, sum of priorities) of the best schedule, found by trying every slot and table for
    every open request, with validity checked here rather than by the scheduler."""
    requests = {request.id: request for request in problem.requests}
    fixed_ids = {placement.request_id for placement in problem.fixed}
    open_requests = [request for request in problem.requests if request.id not in fixed_ids]
    busy = {(party, fixed.slot) for fixed in problem.fixed for party in requests[fixed.request_id].parties}
    taken = {(fixed.slot, fixed.table) for fixed in problem.fixed}

    def best_from(index: int) -> tuple[int, int]:
        if index == len(open_requests):
            return 0, 0
        request = open_requests[index]
        best = best_from(index + 1)
        for slot in problem.slots:
            if any(
                (party, slot) in busy or slot not in problem.availability.get(party, problem.slots)
                for party in request.parties
            ):
                continue
            for table in problem.tables:
                if (slot, table) in taken or (request.tables is not None and table not in request.tables):
                    continue
                busy.update((party, slot) for party in request.parties)
                taken.add((slot, table))
                meetings, priorities = best_from(index + 1)
                busy.difference_update((party, slot) for party in request.parties)
                taken.remove((slot, table))
                best = max(best, (meetings + 1, priorities + request.priority))
        return best

    meetings, priorities = best_from(0)
    return meetings + len(fixed_ids), priorities + sum(
        requests[request_id].priority for request_id in fixed_ids
    )


def small_event(seed: int) -> Problem:
    """A random event small enough for exhaustive search: table limits, gaps in availability and
    sometimes a fixed meeting."""
    rng = random.Random(seed)
    slots = SLOTS[: rng.randint(1, 3)]
    tables = TABLES[: rng.randint(1, 2)]
    participants = list(range(1, rng.randint(2, 5) + 1))
    problem = Problem(
        slots=slots,
        tables=tables,
        requests=[
            Request(
                id=100 + number,
                parties=tuple(rng.sample(participants, 2)),
                priority=rng.choice([1, 1, 2, 3]),
                tables=frozenset(rng.sample(tables, 1)) if rng.random() < 0.3 else None,
            )
            for number in range(rng.randint(0, 5))
        ],
        availability={
            participant: frozenset(slot for slot in slots if rng.random() < 0.7)
            for participant in participants
            if rng.random() < 0.4
        },
    )
    if problem.requests and rng.random() < 0.3:
        pinned = Placement(rng.choice(problem.requests).id, rng.choice(slots), rng.choice(tables))
        if not clashes(problem, [], pinned):
            problem.fixed.append(pinned)
    return problem


def priority_sum(problem: Problem, schedule: Schedule) -> int:
    priorities = {request.id: request.priority for request in problem.requests}
    return sum(priorities[placement.request_id] for placement in schedule.placements)


def assert_sound(problem: Problem, schedule: Schedule) -> None:
    """No clash, fixed meetings kept, every request either placed or given a reason."""
    assert violations(problem, schedule) == []
    for placement in schedule.placements:
        others = [other for other in schedule.placements if other != placement]
        assert clashes(problem, others, placement) == []
    placed_ids = [placement.request_id for placement in schedule.placements]
    assert sorted(placed_ids + list(schedule.unplaced)) == sorted(request.id for request in problem.requests)
    assert schedule.placed == len(schedule.placements) <= schedule.bound


def triangle() -> Problem:
    """Three participants who all want to meet each other, in two slots: an odd cycle, which
    counting alone cannot prove to fit only two meetings."""
    return Problem(
        slots=[1, 2],
        tables=[1, 2, 3],
        requests=[Request(1, (1, 2)), Request(2, (2, 3)), Request(3, (1, 3))],
    )


@pytest.fixture(params=["with counting proof", "search always"])
def search_always(request, monkeypatch):
    """Run a test both as solve() runs and with CP-SAT forced, which small events rarely need."""
    if request.param == "search always":
        monkeypatch.setattr(scheduling, "_is_evidently_best", lambda *args: False)


@pytest.mark.parametrize("seed", range(60))
def test_it_places_as_many_as_exhaustive_search(seed, search_always):
    problem = small_event(seed)
    schedule = solve(problem, time_limit=5)
    assert_sound(problem, schedule)
    assert (schedule.placed, priority_sum(problem, schedule)) == exhaustive_best(problem)
    assert schedule.optimal
    assert schedule.bound == schedule.placed


@pytest.mark.parametrize("seed", range(60))
def test_its_bound_holds_without_search(seed):
    """With no time to search, the greedy schedule and the counting bound still frame the optimum."""
    problem = small_event(seed)
    schedule = solve(problem, time_limit=0)
    assert_sound(problem, schedule)
    best = exhaustive_best(problem)[0]
    assert schedule.placed <= best <= schedule.bound
    assert not schedule.optimal or schedule.placed == best


def test_search_proves_what_counting_cannot():
    schedule = solve(triangle())
    assert (schedule.placed, schedule.bound, schedule.optimal) == (2, 2, True)
    assert schedule.unplaced == {3: "no_room"}


def test_out_of_time_it_returns_the_greedy_schedule_unproven():
    schedule = solve(triangle(), time_limit=0)
    assert (schedule.placed, schedule.bound, schedule.optimal) == (2, 3, False)


def test_an_empty_problem():
    schedule = solve(Problem(slots=[], tables=[], requests=[]))
    assert (schedule.placements, schedule.placed, schedule.bound, schedule.optimal) == ([], 0, 0, True)
    assert schedule.unplaced == {}


def test_without_tables_nothing_has_room():
    schedule = solve(Problem(slots=[1], tables=[], requests=[Request(1, (1, 2))]))
    assert (schedule.placed, schedule.bound, schedule.unplaced) == (0, 0, {1: "no_room"})


def test_parties_without_a_common_free_slot_are_reported():
    problem = Problem(
        slots=[1, 2],
        tables=[1],
        requests=[Request(1, (1, 2)), Request(2, (3, 4)), Request(3, (3, 5))],
        availability={1: frozenset({1}), 2: frozenset({2}), 3: frozenset({1}), 5: frozenset({1})},
    )
    schedule = solve(problem)
    assert schedule.unplaced == {1: "party_unavailable", 3: "no_room"}
    assert schedule.placements == [Placement(2, 1, 1)]


def test_it_respects_availability(search_always):
    problem = Problem(
        slots=[1, 2, 3],
        tables=[1],
        requests=[Request(1, (1, 2)), Request(2, (1, 3))],
        availability={2: frozenset({3}), 3: frozenset({3})},
    )
    schedule = solve(problem)
    assert schedule.placements == [Placement(1, 3, 1)] or schedule.placements == [Placement(2, 3, 1)]
    assert schedule.bound == 1


def test_a_contractors_own_table_holds_its_meetings(search_always):
    """Contractor 1 keeps table 20: its three requests share two slots there, while the other
    meeting takes the other table."""
    own = frozenset({20})
    problem = Problem(
        slots=[1, 2],
        tables=[10, 20],
        requests=[
            *(Request(number, (1, number + 1), tables=own) for number in (1, 2, 3)),
            Request(4, (5, 6)),
        ],
    )
    schedule = solve(problem)
    assert_sound(problem, schedule)
    assert schedule.placed == schedule.bound == 3
    assert {placement.table for placement in schedule.placements if placement.request_id != 4} == {20}


def test_table_limits_are_exact_when_tables_are_scarce(search_always):
    """Two requests limited to table 1 compete for it in the only slot, while table 2 is free."""
    problem = Problem(
        slots=[1],
        tables=[1, 2],
        requests=[Request(1, (1, 2), tables=frozenset({1})), Request(2, (3, 4), tables=frozenset({1}))],
    )
    schedule = solve(problem)
    assert (schedule.placed, schedule.bound) == (1, 1)


def test_more_meetings_come_before_higher_priorities(search_always):
    problem = Problem(
        slots=[1],
        tables=[1, 2],
        requests=[Request(1, (1, 2), priority=3), Request(2, (1, 3)), Request(3, (2, 4))],
    )
    assert {placement.request_id for placement in solve(problem).placements} == {2, 3}


def test_higher_priorities_win_when_the_count_ties(search_always):
    problem = Problem(
        slots=[1],
        tables=[1],
        requests=[
            Request(1, (1, 2), priority=1),
            Request(2, (3, 4), priority=3),
            Request(3, (5, 6), priority=2),
        ],
    )
    assert solve(problem).placements == [Placement(2, 1, 1)]


def test_fixed_placements_are_kept_exactly(search_always):
    problem = Problem(
        slots=[1, 2],
        tables=[1, 2],
        requests=[Request(1, (1, 2)), Request(2, (1, 3)), Request(3, (2, 3))],
        fixed=[Placement(1, 2, 2)],
    )
    schedule = solve(problem)
    assert_sound(problem, schedule)
    assert Placement(1, 2, 2) in schedule.placements
    assert [placement.request_id for placement in schedule.placements].count(1) == 1


def test_clashing_fixed_placements_are_refused():
    problem = Problem(
        slots=[1],
        tables=[1, 2],
        requests=[Request(1, (1, 2)), Request(2, (2, 3))],
        fixed=[Placement(1, 1, 1), Placement(2, 1, 1)],
    )
    with pytest.raises(FixedClashError) as refused:
        solve(problem)
    assert refused.value.faults == [
        (Placement(2, 1, 1), Clash("table_taken", request_id=1)),
        (Placement(2, 1, 1), Clash("party_busy", request_id=1, participant=2)),
    ]
    assert isinstance(refused.value, ValueError)
    assert "request 2 at slot 1, table 1: table_taken with request 1" in str(refused.value)


@pytest.mark.parametrize(
    ("fixed", "code"),
    [
        (Placement(99, 1, 1), "unknown_request"),  # its parties are unknown, so it cannot be kept safely
        (Placement(1, 2, 1), "party_unavailable"),
        (Placement(1, 1, 5), "unknown_table"),
    ],
)
def test_a_fixed_placement_must_be_valid_on_its_own(fixed, code):
    problem = Problem(
        slots=[1, 2],
        tables=[1],
        requests=[Request(1, (1, 2))],
        availability={2: frozenset({1})},
        fixed=[fixed],
    )
    with pytest.raises(FixedClashError) as refused:
        solve(problem)
    assert [clash.code for _placement, clash in refused.value.faults] == [code]


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (Problem(slots=[1, 1], tables=[1], requests=[]), "Each slot id must appear once"),
        (Problem(slots=[1], tables=[2, 2], requests=[]), "Each table id must appear once"),
        (
            Problem(slots=[1], tables=[1], requests=[Request(1, (1, 2)), Request(1, (3, 4))]),
            "Each request id must appear once",
        ),
        (Problem(slots=[1], tables=[1], requests=[Request(1, (1, 2), priority=0)]), "Priorities start at 1"),
        (
            Problem(
                slots=[1, 2],
                tables=[1],
                requests=[Request(1, (1, 2))],
                fixed=[Placement(1, 1, 1), Placement(1, 2, 1)],
            ),
            "fixed in more than one place",
        ),
    ],
    ids=["slot twice", "table twice", "request twice", "priority 0", "fixed twice"],
)
def test_malformed_problems_are_refused(problem, message):
    with pytest.raises(ValueError, match=message):
        solve(problem)


def test_it_is_deterministic(search_always):
    problem = synthetic_event(
        companies=12, contractors=4, requests=40, slots=6, tables=3, own_tables=1, seed=3
    )
    first, second = solve(problem, seed=7), solve(problem, seed=7)
    assert first.placements == second.placements
    assert first.optimal and second.optimal


class TestClashes:
    problem = Problem(
        slots=[1, 2],
        tables=[10, 11],
        requests=[
            Request(1, (1, 2)),
            Request(2, (2, 3)),
            Request(3, (3, 4), tables=frozenset({11})),
        ],
        availability={4: frozenset({2})},
    )
    schedule = [Placement(1, 1, 10)]

    def clashes_of(self, request_id: int, slot: int, table: int) -> list[Clash]:
        return clashes(self.problem, self.schedule, Placement(request_id, slot, table))

    def test_a_free_place_is_allowed(self):
        assert self.clashes_of(2, 2, 10) == []

    def test_a_meeting_may_move_within_its_own_place(self):
        assert self.clashes_of(1, 1, 11) == []
        assert self.clashes_of(1, 1, 10) == []

    def test_party_busy(self):
        assert self.clashes_of(2, 1, 11) == [Clash("party_busy", request_id=1, participant=2)]

    def test_table_taken(self):
        problem = replace(self.problem, requests=[*self.problem.requests, Request(4, (5, 6))])
        assert clashes(problem, self.schedule, Placement(4, 1, 10)) == [Clash("table_taken", request_id=1)]

    def test_party_unavailable(self):
        assert self.clashes_of(3, 1, 11) == [Clash("party_unavailable", participant=4)]

    def test_table_not_allowed(self):
        assert self.clashes_of(3, 2, 10) == [Clash("table_not_allowed")]

    def test_unknown_slot_table_and_request(self):
        assert self.clashes_of(2, 5, 11) == [Clash("unknown_slot")]
        assert self.clashes_of(2, 2, 99) == [Clash("unknown_table")]
        assert self.clashes_of(42, 2, 11) == [Clash("unknown_request")]

    def test_every_reason_is_given(self):
        assert self.clashes_of(2, 1, 10) == [
            Clash("table_taken", request_id=1),
            Clash("party_busy", request_id=1, participant=2),
        ]


@st.composite
def events(draw) -> Problem:
    slots = list(range(1, draw(st.integers(1, 5)) + 1))
    tables = list(range(1, draw(st.integers(1, 3)) + 1))
    participants = st.integers(1, 8)
    requests = draw(
        st.lists(
            st.tuples(
                st.lists(participants, min_size=2, max_size=3, unique=True),
                st.integers(1, 3),
                st.none() | st.frozensets(st.sampled_from(tables), min_size=1),
            ),
            max_size=14,
        )
    )
    availability = draw(st.dictionaries(participants, st.frozensets(st.sampled_from(slots)), max_size=4))
    problem = Problem(
        slots=slots,
        tables=tables,
        requests=[
            Request(number, tuple(parties), priority, allowed)
            for number, (parties, priority, allowed) in enumerate(requests, start=1)
        ],
        availability=availability,
    )
    for request in draw(st.lists(st.sampled_from(problem.requests), max_size=3)) if problem.requests else []:
        pinned = Placement(request.id, draw(st.sampled_from(slots)), draw(st.sampled_from(tables)))
        if request.id not in {fixed.request_id for fixed in problem.fixed} and not clashes(
            problem, problem.fixed, pinned
        ):
            problem.fixed.append(pinned)
    return problem


@settings(max_examples=60, deadline=None)
@given(events())
def test_every_schedule_is_sound(problem):
    schedule = solve(problem, time_limit=2)
    assert_sound(problem, schedule)
    assert set(problem.fixed) <= set(schedule.placements)
    for request_id, reason in schedule.unplaced.items():
        request = next(request for request in problem.requests if request.id == request_id)
        common = [
            slot
            for slot in problem.slots
            if all(slot in problem.availability.get(party, problem.slots) for party in request.parties)
        ]
        assert reason == ("no_room" if common else "party_unavailable")


def test_the_benchmark_event_is_reproducible():
    sizes = {"companies": 30, "contractors": 5, "requests": 60, "slots": 4, "tables": 3}
    event = synthetic_event(**sizes, own_tables=2, fixed=3, seed=1)
    assert event == synthetic_event(**sizes, own_tables=2, fixed=3, seed=1)
    assert event != synthetic_event(**sizes, own_tables=2, fixed=3, seed=2)
    pairs = {request.parties for request in event.requests}
    assert len(pairs) == 60
    assert all(contractor <= 5 < company for contractor, company in pairs)
    assert {request.tables for request in event.requests if request.parties[0] <= 2} == {
        frozenset({1}),
        frozenset({2}),
    }
    assert len(event.fixed) == 3


def test_the_benchmark_check_sees_a_double_booking():
    problem = Problem(slots=[1], tables=[1, 2], requests=[Request(1, (1, 2)), Request(2, (2, 3))])
    broken = Schedule([Placement(1, 1, 1), Placement(2, 1, 2)], 2, 2, True, 0.0, {})
    assert violations(problem, broken) == ["participant 2 meets 2 times in slot 1"]


def test_the_benchmark_command_reports_a_checked_schedule(capsys):
    call_command("bench_scheduling", companies=20, contractors=4, requests=40, slots=5, tables=3, fixed=2)
    output = capsys.readouterr().out
    assert "Placed " in output
    assert "Check: no clash" in output
