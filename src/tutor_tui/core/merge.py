"""The rules for merging a bundle's facts into the facts here: values in, values out.

Rows are dicts as a bundle carries them (times as ISO 8601 text in UTC, which sorts in time
order). The store reads its rows, asks these functions what the merged facts are, and writes
them. Every rule gives the same result whichever bundle, or whichever computer, comes first:

- a bundle's learner is the one here with the same id and name, else the one with the same name
  not already claimed, else a new one; names are compared as `core.names.name_fold` folds them
  ("ana" and a Cyrillic "Аna" are Ana), as when a learner is added;
  one carrying the id of a learner here under another name is set aside, facts and all, and so
  is one whose name matches a learner here whose profile a PIN guards, unless the merge is
  allowed to join them (the tutor passphrase was given);
- a learner's group, and each setting, set later wins, wherever it was set;
- a goal takes what both sides know most of (closed beats active, done beats dropped, the earlier
  closing stands), and a goal with a newer one in the same pack is no longer active;
- a study session ended on either side is ended, at the later end;
- an event is new when its id is not here, and refused when it is here with other content;
- what a learner's erasure here covers (their facts up to it) is left out.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tutor_tui.core.names import name_fold
from tutor_tui.core.privacy import name_keys

Row = dict[str, Any]

# The kinds of fact a bundle holds, in the order they are merged (learners first: the rest
# point to them).
KINDS = ("learners", "goals", "study_sessions", "attempts", "lesson_views", "placements")
# The kinds of fact other than learners, in the order they are told to a person.
FACTS = ("attempts", "lesson_views", "placements", "goals", "study_sessions")
# The events of the log: never changed once logged, each with an id unique across computers.
EVENTS = ("attempts", "lesson_views", "placements")
# How one of each kind is named to a person, and how several are.
KIND_NAMES = {
    "learners": ("learner", "learners"),
    "goals": ("goal", "goals"),
    "study_sessions": ("study session", "study sessions"),
    "attempts": ("answer", "answers"),
    "lesson_views": ("lesson read", "lessons read"),
    "placements": ("skill placed", "skills placed"),
    "records": ("record", "records"),
}
KIND_LABELS = {kind: several for kind, (_, several) in KIND_NAMES.items()}
# The time of each kind of fact: for the bundle's clock check, and for what an erasure leaves
# out of a merge.
EVENT_TIMES = {
    "attempts": "answered_at",
    "lesson_views": "viewed_at",
    "placements": "placed_at",
    "study_sessions": "started_at",
    "goals": "created_at",
}
_GOAL_RANK = {"active": 0, "dropped": 1, "done": 2}
# Columns of an event that may differ between two computers' copies of it: the learner's id
# (matched by name), the score (graded again by each) and the seconds an answer counts (an
# import counts them only up to the time since the answer before, `core.answer_claims`).
_NOT_COMPARED = ("learner_id", "score", "seconds")
# What never changes of a goal once set (its status may), or of a study session (its end may).
_FIXED = {
    "goals": ("learner_id", "pack_id", "created_at", "due_by", "daily_minutes"),
    "study_sessions": ("learner_id", "pack_id", "started_at", "planned_minutes"),
}


def count_words(number: int, kind: str) -> str:
    """A count of facts of a kind: "1 answer", "2 lessons read"."""
    one, several = KIND_NAMES[kind]
    return f"{number} {one if number == 1 else several}"


# Learners -------------------------------------------------------------------------------------


def set_later(version: tuple[Any, str | None]) -> tuple[datetime, bool, str]:
    """How a version of a value, with when it was set, ranks against another: the later wins.

    One set at no known time (kept by an older tutor) loses to one that was; between two of the
    same time, a value beats none, then the larger value, as JSON, wins: the choice never hangs on
    which came first.
    """
    value, at = version
    when = datetime.fromisoformat(at) if at else None
    return (
        when or datetime.min.replace(tzinfo=UTC),
        bool(value),
        json.dumps(value, sort_keys=True),
    )


def merge_learner(here: Row, there: Row) -> tuple[Row, bool]:
    """One learner as known here and in a bundle, merged; and whether the bundle's side won any.

    The group, and each setting, set later wins, wherever it was set; a setting known on one side
    only is kept. Both rows are as a bundle carries them; the merged one keeps here's id and name.
    """
    group, group_at = max(
        (here["group"], here.get("group_set_at")),
        (there["group"], there.get("group_set_at")),
        key=set_later,
    )
    kept, kept_at = here["settings"], here.get("settings_set_at") or {}
    theirs, theirs_at = there["settings"], there.get("settings_set_at") or {}
    settings: dict[str, Any] = {}
    settings_at: dict[str, str] = {}
    for key in sorted(set(kept) | set(theirs)):
        sides = ((kept, kept_at), (theirs, theirs_at))
        versions = [(side[key], times.get(key)) for side, times in sides if key in side]
        settings[key], at = max(versions, key=set_later)
        if at is not None:
            settings_at[key] = at
    merged = {
        **here,
        "group": group,
        "group_set_at": group_at,
        "settings": settings,
        "settings_set_at": settings_at,
    }
    return merged, (group, settings) != (here["group"], kept)


@dataclass
class LearnerMatch:
    """Which learner here each of a bundle's learners is, and what becomes of the learners."""

    # The id here of each bundle learner, by their id in the bundle.
    ids: dict[str, str] = field(default_factory=dict)
    # Names here of learners matched by id, and of those matched by name (another id).
    matched: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    # Learners new here, as rows to add.
    created: list[Row] = field(default_factory=list)
    # Learners here matched to one of the bundle's, merged with it, by id here; and how many of
    # them took a group or a setting from the bundle.
    kept: dict[str, Row] = field(default_factory=dict)
    updated: int = 0
    # Bundle learners not merged, by their id in the bundle: (name in the bundle, why).
    set_aside: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Names here of PIN-guarded learners a name match joined (allowed by the passphrase).
    guarded: list[str] = field(default_factory=list)


# Why a bundle's learner is set aside rather than merged.
CARRIES_ANOTHERS_ID = "carries the id of another learner here"
GUARDED_NAME = "has the name of a learner here whose profile a PIN guards"
NAME_CLAIMED = "has the name of a learner here already matched to another of the bundle's"


def match_learners(
    here: Iterable[Row], there: Iterable[Row], guarded: Collection[str] = (), allow: bool = False
) -> LearnerMatch:
    """Match, merge or create a bundle's learners (`there`) against the learners `here`.

    An id matches only with its name: a bundle's "Mallory" carrying Ana's id is set aside, not
    merged into Ana. A name matches a learner here with another id, but not one of `guarded`
    (ids here whose profile a PIN guards) unless `allow` (the tutor passphrase was given).
    Names match as they read (`name_fold`), so that no merge leaves two learners who read alike.
    """
    local = {row["id"]: row for row in here}
    names = {name_fold(row["name"]): row["id"] for row in local.values()}
    bundle = list(there)
    match = LearnerMatch()
    for learner in bundle:
        mine = local.get(learner["id"])
        if mine is not None and name_fold(mine["name"]) != name_fold(learner["name"]):
            match.set_aside[learner["id"]] = (learner["name"], CARRIES_ANOTHERS_ID)
        elif mine is not None:
            match.ids[learner["id"]] = mine["id"]
    # A learner here already matched by id is not also a same-named learner of the bundle.
    claimed = set(match.ids.values())
    for learner in bundle:
        name, folded = learner["name"], name_fold(learner["name"])
        if learner["id"] in match.set_aside:
            continue
        mine = local.get(learner["id"])
        if mine is not None:
            match.matched.append(mine["name"])
        elif folded not in names:
            match.created.append(learner)
            names[folded] = match.ids[learner["id"]] = learner["id"]
            claimed.add(learner["id"])
            continue
        elif names[folded] in claimed:
            match.set_aside[learner["id"]] = (name, NAME_CLAIMED)
            continue
        elif names[folded] in guarded and not allow:
            match.set_aside[learner["id"]] = (name, GUARDED_NAME)
            continue
        else:
            mine = local[names[folded]]
            if mine["id"] in guarded:
                match.guarded.append(mine["name"])
            match.ids[learner["id"]] = mine["id"]
            claimed.add(mine["id"])
            match.merged.append(mine["name"])
        match.kept[mine["id"]], taken = merge_learner(mine, learner)
        match.updated += taken
    return match


def without_learners(
    rows: Mapping[str, list[Row]], learner_ids: Collection[str]
) -> tuple[dict[str, list[Row]], dict[str, int]]:
    """A bundle's rows less these learners and their facts; how many facts each had."""
    kept = {
        kind: [row for row in found if row.get("learner_id") not in learner_ids]
        for kind, found in rows.items()
    }
    kept["learners"] = [row for row in rows["learners"] if row["id"] not in learner_ids]
    counts = {learner_id: 0 for learner_id in learner_ids}
    for kind in KINDS[1:]:
        for row in rows.get(kind, ()):
            if row["learner_id"] in counts:
                counts[row["learner_id"]] += 1
    return kept, counts


# Goals and study sessions ---------------------------------------------------------------------


@dataclass
class GoalMerge:
    """The goals to add, and the goals here whose status or closing changed."""

    fresh: list[Row]
    changed: list[Row]


def merge_goals(here: Iterable[Row], goals: Iterable[Row]) -> GoalMerge:
    """Add a bundle's new goals and join what both sides know of the others.

    Closed beats active and done beats dropped; of two closings the earlier stands. Then, as
    setting a goal does, a goal with a newer one in the same pack is no longer active: dropped
    when the newer one was set, so that goals set on two computers leave the newest in force.
    The result depends only on the goals merged, not on their order. `changed` holds each
    changed goal here as its id, status and closed_at.
    """
    known = {row["id"]: dict(row) for row in here}
    before = {goal_id: (row["status"], row["closed_at"]) for goal_id, row in known.items()}
    fresh = []
    bundle = list(goals)
    for goal in bundle:
        mine = known.get(goal["id"])
        if mine is None:
            mine = known[goal["id"]] = dict(goal)
            fresh.append(mine)
        elif _GOAL_RANK[goal["status"]] > _GOAL_RANK[mine["status"]] or (
            goal["status"] == mine["status"] != "active" and goal["closed_at"] < mine["closed_at"]
        ):
            mine["status"], mine["closed_at"] = goal["status"], goal["closed_at"]
    touched = {(goal["learner_id"], goal["pack_id"]) for goal in bundle}
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in known.values():
        if (row["learner_id"], row["pack_id"]) in touched:
            groups.setdefault((row["learner_id"], row["pack_id"]), []).append(row)
    for group in groups.values():
        group.sort(key=lambda row: (row["created_at"], row["id"]))
        for row, newer in zip(group, group[1:], strict=False):
            if row["status"] == "done":
                continue
            closed = newer["created_at"]
            if row["status"] == "dropped":
                closed = min(row["closed_at"], closed)
            row["status"], row["closed_at"] = "dropped", closed
    changed = [
        {"id": goal_id, "status": row["status"], "closed_at": row["closed_at"]}
        for goal_id, was in before.items()
        if ((row := known[goal_id])["status"], row["closed_at"]) != was
    ]
    return GoalMerge(fresh, changed)


def session_endings(here: Mapping[str, str | None], sessions: Iterable[Row]) -> list[Row]:
    """The study sessions here that a bundle saw end later (or end at all): id and ended_at.

    `here` is each session here's end (None while not ended), by id.
    """
    return [
        {"id": row["id"], "ended_at": row["ended_at"]}
        for row in sessions
        if row["id"] in here
        and row["ended_at"] is not None
        and ((ended := here[row["id"]]) is None or ended < row["ended_at"])
    ]


# Events ---------------------------------------------------------------------------------------


def fresh(here: Collection[str], rows: Iterable[Row]) -> list[Row]:
    """The facts whose id is not among the ids here: those a merge adds."""
    return [row for row in rows if row["id"] not in here]


def same_fact(column: str, here: Any, there: Any) -> bool:
    """Whether a fact's value here and a bundle's say the same, whatever their spelling."""
    if here is None or there is None:
        return here is there
    if column.endswith("_at"):
        return datetime.fromisoformat(here) == datetime.fromisoformat(there)
    return bool(here == there)


def alteration(kind: str, here: Iterable[Row], there: Mapping[str, Row]) -> str | None:
    """What says a bundle was altered: one of its facts here already with other content.

    An event never changes once logged, and its id is unique across computers: the same id with
    another score, time or answer means a damaged or altered bundle. Keeping either one would
    make the log depend on which came first, so the whole merge must be refused. `there` holds
    the bundle's facts by id; the learner of an event is not compared (ids here may differ), nor
    the score, which is no fact but the grade each computer gives the response (a pack's answers
    may have been mended since), nor the seconds an answer counts (an import may have cut them).
    Goals and study sessions are compared on what never changes of them, their learner (as
    matched here) too: a bundle carrying the id of another learner's goal or session does not
    close or end it. None when all agree.
    """
    for mine in here:
        theirs = there[mine["id"]]
        compared = _FIXED.get(kind) or [c for c in mine if c not in _NOT_COMPARED]
        differ = [c for c in compared if not same_fact(c, mine[c], theirs[c])]
        if differ:
            return (
                f"the bundle's {KIND_NAMES[kind][0]} {mine['id']} is here already with"
                f" another {differ[0]}: the bundle is damaged or was altered;"
                " nothing was imported"
            )
    return None


# Erasures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    """A learner's progress erased here: whose (by id and name key), and when."""

    learner_id: str
    name_key: str
    erased_at: str


def without_erased(
    rows: Mapping[str, list[Row]],
    erasures: Iterable[Erasure],
    here_ids: Collection[str],
    here_names: Collection[str],
    salt: str | None = None,
) -> tuple[dict[str, list[Row]], list[tuple[str, int]]]:
    """A bundle's rows less what was erased here: a learner's facts up to their erasure.

    A bundle's learner is an erased one when their id or their name is. A learner left with no
    facts, who had been removed here (neither their id nor their name is here), is not created
    again. `salt` is the key erased names are kept under here (None before any erasure).
    Returns the rows kept, and (name in the bundle, facts left out) per learner.
    """
    kept: dict[str, list[Row]] = {kind: list(found) for kind, found in rows.items()}
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for erasure in erasures:
        for latest, key in ((by_id, erasure.learner_id), (by_name, erasure.name_key)):
            latest[key] = max(erasure.erased_at, latest.get(key, erasure.erased_at))
    until = {}
    for learner in rows["learners"]:
        keys = name_keys(learner["name"], salt)
        times = [by_id.get(learner["id"]), *(by_name.get(key) for key in keys)]
        if any(times):
            until[learner["id"]] = max(t for t in times if t)
    if not until:
        return kept, []
    left: dict[str, int] = {}
    for kind, column in EVENT_TIMES.items():
        kept[kind] = []
        for row in rows[kind]:
            erased_at = until.get(row["learner_id"])
            if erased_at is not None and row[column] <= erased_at:
                left[row["learner_id"]] = left.get(row["learner_id"], 0) + 1
                continue
            kept[kind].append(row)
    still = {row["learner_id"] for kind in EVENT_TIMES for row in kept[kind]}
    here_folds = {name_fold(name) for name in here_names}
    kept["learners"] = [
        learner
        for learner in rows["learners"]
        if learner["id"] not in until
        or learner["id"] in still
        or learner["id"] in here_ids
        or name_fold(learner["name"]) in here_folds
    ]
    names = {learner["id"]: learner["name"] for learner in rows["learners"]}
    return kept, sorted((names[learner_id], count) for learner_id, count in left.items())
