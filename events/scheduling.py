"""Placing an event's accepted 1:1 meeting requests into its grid of time slots and tables.

Plain Python with no Django import: the app turns its models into a ``Problem`` and stores the
``Schedule`` it gets back. ``clashes`` is the one definition of a valid placement: the solver only
produces placements it accepts, fixed placements must pass it, and staff moving a meeting by hand
are refused with its reasons.

``solve`` maximises the number of meetings placed, then the sum of their priorities, in three steps:
a greedy schedule; caps on what any schedule can reach, by counting free tables and each
participant's free slots (when the greedy schedule meets them it is optimal, and that is the end);
otherwise OR-Tools CP-SAT, started from the greedy schedule, until it proves an optimum or runs out
of time. Tables at an event are interchangeable, so the model decides a slot per request, and a
slot only has to hold no more meetings than it has free tables; requests limited to some tables (a
contractor keeping its own table) get a decision per slot and allowed table instead, so those
limits are exact too.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class ClashCode(StrEnum):
    PARTY_BUSY = "party_busy"
    TABLE_TAKEN = "table_taken"
    PARTY_UNAVAILABLE = "party_unavailable"
    TABLE_NOT_ALLOWED = "table_not_allowed"
    UNKNOWN_SLOT = "unknown_slot"
    UNKNOWN_TABLE = "unknown_table"
    UNKNOWN_REQUEST = "unknown_request"


class Unplaced(StrEnum):
    PARTY_UNAVAILABLE = "party_unavailable"  # the parties have no slot in which all are available
    NO_ROOM = "no_room"  # there is such a slot, but the meeting did not fit in with the others


@dataclass(frozen=True)
class Request:
    id: int
    parties: tuple[int, ...]  # participant ids; nobody is in two meetings in one slot
    priority: int = 1  # 1 normal, 2 high, 3 top
    tables: frozenset[int] | None = None  # tables this meeting may use; None = any table


@dataclass(frozen=True)
class Placement:
    request_id: int
    slot: int
    table: int


@dataclass
class Problem:
    slots: list[int]  # slot ids in time order
    tables: list[int]  # one meeting per table per slot
    requests: list[Request]  # the requests of fixed placements too: who meets there matters
    # participant -> slots it can meet in; a participant missing here can meet in every slot
    availability: dict[int, frozenset[int]] = field(default_factory=dict)
    fixed: list[Placement] = field(default_factory=list)  # pinned or hand-placed meetings, kept exactly


@dataclass(frozen=True)
class Clash:
    code: str  # a ClashCode
    request_id: int | None = None  # the other meeting involved, when there is one
    participant: int | None = None  # the participant concerned, when there is one


@dataclass
class Schedule:
    placements: list[Placement]  # every placed meeting, fixed ones included, in slot then table order
    placed: int  # len(placements)
    bound: int  # proven upper bound on the meetings that can be placed; == placed when optimal
    optimal: bool
    seconds: float
    unplaced: dict[int, str]  # request id -> an Unplaced reason


def clashes(problem: Problem, placements: list[Placement], candidate: Placement) -> list[Clash]:
    """Why placing or moving ``candidate.request_id`` to (slot, table) would break the schedule made of
    ``placements``; the candidate's own current placement, if any, is ignored. Empty list = allowed.

    A placement whose request is not in ``problem.requests`` still takes its table, but who meets
    there is unknown, so it cannot make a party busy.
    """
    requests = {request.id: request for request in problem.requests}
    request = requests.get(candidate.request_id)
    found = []
    if request is None:
        found.append(Clash(ClashCode.UNKNOWN_REQUEST))
    if candidate.slot not in problem.slots:
        found.append(Clash(ClashCode.UNKNOWN_SLOT))
    if candidate.table not in problem.tables:
        found.append(Clash(ClashCode.UNKNOWN_TABLE))
    if request is not None:
        if request.tables is not None and candidate.table not in request.tables:
            found.append(Clash(ClashCode.TABLE_NOT_ALLOWED))
        for party in _unique(request.parties):
            if not _is_available(problem, party, candidate.slot):
                found.append(Clash(ClashCode.PARTY_UNAVAILABLE, participant=party))
    for other in placements:
        if other.request_id == candidate.request_id or other.slot != candidate.slot:
            continue
        if other.table == candidate.table:
            found.append(Clash(ClashCode.TABLE_TAKEN, request_id=other.request_id))
        other_request = requests.get(other.request_id)
        if request is not None and other_request is not None:
            found.extend(
                Clash(ClashCode.PARTY_BUSY, request_id=other.request_id, participant=party)
                for party in _unique(request.parties)
                if party in other_request.parties
            )
    return found


class FixedClashError(ValueError):
    """Fixed placements that clash. ``faults`` pairs each offending placement with a clash, so that
    the app can say what is wrong in the user's language; the message names them in English."""

    def __init__(self, faults: list[tuple[Placement, Clash]]) -> None:
        self.faults = faults
        super().__init__("Fixed placements clash: " + "; ".join(map(_describe, faults)) + ".")


def _describe(fault: tuple[Placement, Clash]) -> str:
    placement, clash = fault
    words = [
        f"request {placement.request_id} at slot {placement.slot}, table {placement.table}: {clash.code}"
    ]
    if clash.request_id is not None:
        words.append(f"with request {clash.request_id}")
    if clash.participant is not None:
        words.append(f"(participant {clash.participant})")
    return " ".join(words)


def solve(problem: Problem, *, time_limit: float = 8.0, workers: int = 2, seed: int = 0) -> Schedule:
    """The schedule placing the most requests, then the highest sum of priorities. The search stops
    ``time_limit`` seconds after the call (model building included; CP-SAT takes a few tenths of a
    second more to stop). The same problem and seed give the same schedule, unless the time limit
    cuts the search short. Raises FixedClashError (a ValueError)
    when fixed placements clash, ValueError when the problem is otherwise malformed."""
    started = time.perf_counter()
    grid = _Grid(problem)
    chosen = grid.greedy()
    cap = grid.upper_bound()
    meetings_cap, optimal = cap.meetings, _is_evidently_best(grid, chosen, cap)
    if not optimal:
        chosen, meetings_cap, optimal = _search(
            grid, chosen, cap.meetings, deadline=started + time_limit, workers=workers, seed=seed
        )
    placements = sorted(
        [*grid.fixed, *grid.tabled(chosen)],
        key=lambda placement: (grid.slot_rank[placement.slot], grid.table_rank[placement.table]),
    )
    placed_ids = {placement.request_id for placement in placements}
    return Schedule(
        placements=placements,
        placed=len(placements),
        bound=len(placements) if optimal else len(grid.fixed) + meetings_cap,
        optimal=optimal,
        seconds=time.perf_counter() - started,
        unplaced={
            request.id: grid.unplaced_reason(request)
            for request in problem.requests
            if request.id not in placed_ids
        },
    )


@dataclass(frozen=True)
class _Cap:
    meetings: int
    priorities: int


# A decision for one open request: its slot, and its table when the request may use only some
# tables (None: any table left free in the slot, handed out once the slot's meetings are known).
_Choice = tuple[int, int | None]


class _Grid:
    """The problem with its fixed meetings taken out: the tables left free in each slot, and the
    options of each open request."""

    def __init__(self, problem: Problem) -> None:
        _check_unique("slot", problem.slots)
        _check_unique("table", problem.tables)
        _check_unique("request", [request.id for request in problem.requests])
        if low := sorted(request.id for request in problem.requests if request.priority < 1):
            raise ValueError(f"Priorities start at 1; requests {low} have less.")
        self.problem = problem
        self.requests = {request.id: request for request in problem.requests}
        self.slot_rank = {slot: rank for rank, slot in enumerate(problem.slots)}
        self.table_rank = {table: rank for rank, table in enumerate(problem.tables)}
        self.fixed = _checked_fixed(problem)
        fixed_ids = {placement.request_id for placement in self.fixed}
        busy = {(party, fixed.slot) for fixed in self.fixed for party in self.parties(fixed.request_id)}
        taken = {(fixed.slot, fixed.table) for fixed in self.fixed}
        self.free_tables = {
            slot: [table for table in problem.tables if (slot, table) not in taken] for slot in problem.slots
        }
        every_table = frozenset(problem.tables)
        # request id -> slot -> the free tables it may use there (None: any of them)
        self.options: dict[int, dict[int, frozenset[int] | None]] = {}
        for request in problem.requests:
            if request.id in fixed_ids:
                continue
            limit = None if request.tables is None or request.tables >= every_table else request.tables
            slots = {}
            for slot in self.common_slots(request):
                if any((party, slot) in busy for party in request.parties) or not self.free_tables[slot]:
                    continue
                if limit is None:
                    slots[slot] = None
                elif allowed := limit.intersection(self.free_tables[slot]):
                    slots[slot] = allowed
            if slots:
                self.options[request.id] = slots

    def parties(self, request_id: int) -> tuple[int, ...]:
        return _unique(self.requests[request_id].parties)

    def priority(self, request_id: int) -> int:
        return self.requests[request_id].priority

    def common_slots(self, request: Request) -> list[int]:
        """The slots in which all the request's parties are available."""
        available = self.problem.availability
        limits = [available[party] for party in request.parties if party in available]
        return [slot for slot in self.problem.slots if all(slot in limit for limit in limits)]

    def unplaced_reason(self, request: Request) -> str:
        return Unplaced.NO_ROOM if self.common_slots(request) else Unplaced.PARTY_UNAVAILABLE

    def greedy(self) -> dict[int, _Choice]:
        """A quick, good schedule to start the search from: higher priorities first and, among
        equals, the requests with the fewest options, each in the first slot where it fits."""
        # Unlimited requests take the tables that table-limited requests want least.
        wanted = defaultdict(int)
        for slots in self.options.values():
            for allowed in slots.values():
                for table in allowed or ():
                    wanted[table] += 1
        busy: set[tuple[int, int]] = set()
        free = {slot: list(tables) for slot, tables in self.free_tables.items()}
        chosen = {}
        order = sorted(self.options, key=lambda rid: (-self.priority(rid), len(self.options[rid]), rid))
        for request_id in order:
            parties = self.parties(request_id)
            for slot, allowed in self.options[request_id].items():
                if any((party, slot) in busy for party in parties):
                    continue
                usable = [table for table in free[slot] if allowed is None or table in allowed]
                if not usable:
                    continue
                table = min(usable, key=wanted.__getitem__)
                free[slot].remove(table)
                busy.update((party, slot) for party in parties)
                chosen[request_id] = (slot, None if allowed is None else table)
                break
        return chosen

    def upper_bound(self) -> _Cap:
        """Proven caps, by counting, on how many open requests can be placed and on the sum of their
        priorities: each slot holds no more meetings than it has free tables, and each participant
        meets at most once in each slot it is free in."""
        requests_in_slot = defaultdict(int)
        for slots in self.options.values():
            for slot in slots:
                requests_in_slot[slot] += 1
        table_cap = sum(min(count, len(self.free_tables[slot])) for slot, count in requests_in_slot.items())
        by_tables = _Cap(table_cap, _top_sum(map(self.priority, self.options), table_cap))
        by_participants = self._participant_cap()
        return _Cap(
            min(by_tables.meetings, by_participants.meetings),
            min(by_tables.priorities, by_participants.priorities),
        )

    def _participant_cap(self) -> _Cap:
        """Every request involves one of a set of participants (a cover), so what each of them can
        meet caps the total. Any cover gives valid caps, a good one tight caps: this one is chosen
        greedily, cheapest cap per request newly covered first."""
        requests_of, slots_of = defaultdict(set), defaultdict(set)
        for request_id, slots in self.options.items():
            for party in self.parties(request_id):
                requests_of[party].add(request_id)
                slots_of[party].update(slots)

        def cost(party: int, covered: set[int]) -> float:
            return min(len(covered), len(slots_of[party])) / len(covered)

        # A participant's cost only grows as others cover its requests, so a cost found stale at
        # the top of the heap is recomputed and pushed back rather than kept up to date for all.
        heap = [(cost(party, requests), party) for party, requests in requests_of.items()]
        heapq.heapify(heap)
        uncovered = set(self.options)
        meetings = priorities = 0
        while heap:
            _stale, party = heapq.heappop(heap)
            if not (covered := requests_of[party] & uncovered):
                continue
            if heap and (current := (cost(party, covered), party)) > heap[0]:
                heapq.heappush(heap, current)
                continue
            # At most one meeting in each free slot of this participant, at best the top priorities.
            most = min(len(covered), len(slots_of[party]))
            meetings += most
            priorities += _top_sum(map(self.priority, covered), most)
            uncovered -= covered
        # Requests with no party at all are each their own cap.
        return _Cap(meetings + len(uncovered), priorities + sum(map(self.priority, uncovered)))

    def tabled(self, chosen: dict[int, _Choice]) -> list[Placement]:
        """Placements for the chosen slots: table-limited requests keep their table, the others take
        the slot's remaining free tables in order."""
        kept = {(slot, table) for slot, table in chosen.values() if table is not None}
        remaining = {
            slot: iter([table for table in tables if (slot, table) not in kept])
            for slot, tables in self.free_tables.items()
        }
        return [
            Placement(request_id, slot, next(remaining[slot]) if table is None else table)
            for request_id, (slot, table) in sorted(chosen.items())
        ]


def _is_evidently_best(grid: _Grid, chosen: dict[int, _Choice], cap: _Cap) -> bool:
    """Whether the counting caps already prove ``chosen`` optimal: it places as many meetings as
    the cap, and reaches the cap on their priorities."""
    return len(chosen) == cap.meetings and sum(map(grid.priority, chosen)) == cap.priorities


def _search(
    grid: _Grid, hint: dict[int, _Choice], cap: int, *, deadline: float, workers: int, seed: int
) -> tuple[dict[int, _Choice], int, bool]:
    """The best schedule CP-SAT finds from ``hint`` by ``deadline`` (the hint itself if it finds
    nothing better), the proven cap on open requests placed, and whether the schedule is proven
    optimal."""
    # Imported here: loading OR-Tools takes a good part of a second, and clashes() never needs it.
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    # One more meeting must outweigh any sum of priorities: the count comes first.
    count_weight = sum(map(grid.priority, grid.options)) + 1
    decisions: list[tuple[int, _Choice]] = []
    variables, weights = [], []
    per_request, per_party, per_slot, per_table = (defaultdict(list) for _ in range(4))
    for request_id, slots in grid.options.items():
        parties = grid.parties(request_id)
        weight = count_weight + grid.priority(request_id)
        for slot, allowed in slots.items():
            for table in (None,) if allowed is None else sorted(allowed):
                variable = model.new_bool_var("")
                # Only the hint's own choices: CP-SAT completes a partial hint by itself, and
                # hinting every variable of a large event costs half a second.
                if hint.get(request_id) == (slot, table):
                    model.add_hint(variable, True)
                decisions.append((request_id, (slot, table)))
                variables.append(variable)
                weights.append(weight)
                per_request[request_id].append(variable)
                per_slot[slot].append(variable)
                for party in parties:
                    per_party[party, slot].append(variable)
                if table is not None:
                    per_table[slot, table].append(variable)
    for group in (*per_request.values(), *per_party.values(), *per_table.values()):
        if len(group) > 1:
            model.add_at_most_one(group)
    for slot, group in per_slot.items():
        if len(group) > len(grid.free_tables[slot]):
            model.add(cp_model.LinearExpr.sum(group) <= len(grid.free_tables[slot]))
    model.maximize(cp_model.LinearExpr.weighted_sum(variables, weights))

    remaining = deadline - time.perf_counter()
    if remaining <= 0:
        return hint, cap, False
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = remaining
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Interleaved subsolvers search the same way however many threads run them, so a search that
    # ends before the deadline gives the same schedule every time.
    solver.parameters.interleave_search = True
    # On these large, flat models presolve probing and symmetry detection cost seconds, and the
    # linear relaxation does the proving anyway.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # out of time before a first solution
        return hint, cap, False
    # Every placed request weighs more than count_weight, so the objective's bound caps the count.
    cap = min(cap, math.floor(solver.best_objective_bound / (count_weight + 1) + 1e-9))
    if solver.objective_value < sum(count_weight + grid.priority(request_id) for request_id in hint):
        return hint, cap, False
    found = {
        request_id: choice
        for (request_id, choice), variable in zip(decisions, variables, strict=True)
        if solver.boolean_value(variable)
    }
    return found, cap, status == cp_model.OPTIMAL


def _checked_fixed(problem: Problem) -> list[Placement]:
    """The fixed placements, once each is known to clash with none before it."""
    fixed_ids = [placement.request_id for placement in problem.fixed]
    if twice := sorted({request_id for request_id in fixed_ids if fixed_ids.count(request_id) > 1}):
        raise ValueError(f"Requests {twice} are fixed in more than one place.")
    faults = [
        (placement, clash)
        for index, placement in enumerate(problem.fixed)
        for clash in clashes(problem, problem.fixed[:index], placement)
    ]
    if faults:
        raise FixedClashError(faults)
    return list(problem.fixed)


def _check_unique(kind: str, ids: Iterable[int]) -> None:
    seen, repeated = set(), set()
    for item in ids:
        (repeated if item in seen else seen).add(item)
    if repeated:
        raise ValueError(f"Each {kind} id must appear once; repeated: {sorted(repeated)}.")


def _top_sum(values: Iterable[int], count: int) -> int:
    return sum(sorted(values, reverse=True)[:count])


def _is_available(problem: Problem, participant: int, slot: int) -> bool:
    slots = problem.availability.get(participant)
    return slots is None or slot in slots


def _unique(parties: tuple[int, ...]) -> tuple[int, ...]:
    """The parties without repeats, in order: a participant listed twice is still one person."""
    return tuple(dict.fromkeys(parties))
