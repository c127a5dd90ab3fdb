"""Moving progress between computers: the facts a bundle carries, and merging a bundle's in.

The rules of a merge are `tutor_tui.core.merge`; this module reads the rows they need, asks them,
and writes what they answer, all in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlmodel import SQLModel
from sqlmodel import select as select_model

from tutor_tui.core import merge as rules
from tutor_tui.core.answer_claims import Cut
from tutor_tui.core.content import Pack
from tutor_tui.core.merge import Row
from tutor_tui.core.merge_report import MergeReport
from tutor_tui.core.privacy import NAME_SALT_KEY
from tutor_tui.files.bundle import Bundle, BundleError
from tutor_tui.files.bundle_schema import SCHEMAS
from tutor_tui.store import rows as spelling
from tutor_tui.store.engine import Database
from tutor_tui.store.learners import hold_all
from tutor_tui.store.replay import ParamsLookup, changed_between, rebuild, stored_skills
from tutor_tui.store.tables import (
    ErasureRow,
    GoalRow,
    LearnerRow,
    MetaRow,
    SkillStateRow,
    StudySessionRow,
    table,
)

# A bundle's fields of each kind of fact are the columns of its table (but `seq`).
_FACT_COLUMNS = {kind: tuple(SCHEMAS[kind].model_fields) for kind in rules.FACTS}
# Learners' columns that a merge may change.
_MERGED_COLUMNS = ("group_name", "group_set_at", "settings", "settings_set_at")
# Ids asked about at once: within SQLite's limit of bound values.
_CHUNK = 500


def _decoded(kind: str, row: Mapping[str, Any]) -> Row:
    """A fact's row as a bundle carries it: its JSON columns as values; Unreadable for an event
    whose response or time is damaged."""
    row = dict(row)
    if kind == "goals":
        return {**row, "skills": json.loads(row["skills"] or "[]")}
    if kind in rules.EVENTS:
        spelling.event_time(row[rules.EVENT_TIMES[kind]], kind)
    if kind == "attempts":
        try:
            return {**row, "response": json.loads(row["response"])}
        except (TypeError, ValueError, RecursionError):
            raise spelling.Unreadable(kind) from None
    return row


def _encoded(kind: str, row: Row) -> Row:
    """A bundle's fact as the columns of its row here."""
    columns = {column: row[column] for column in _FACT_COLUMNS[kind]}
    if kind == "goals":
        columns["skills"] = json.dumps(row["skills"])
    if kind == "attempts":
        columns["response"] = json.dumps(row["response"], ensure_ascii=False)
    return columns


class Sync:
    """Bundles in and out of the database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def export_rows(self, learner_ids: Collection[str] | None = None) -> dict[str, list[Row]]:
        """The facts about these learners (all when None), per kind, as a bundle carries them.

        Never the derived state, the `meta` table or a learner's PIN hash. Events come in the
        order a replay takes them: by time, then id.
        """
        learners = table(LearnerRow)
        wanted = None if learner_ids is None else sorted(set(learner_ids))
        query = select(learners).order_by(learners.c.name)
        if wanted is not None:
            query = query.where(learners.c.id.in_(wanted))
        with self.db.read() as conn:
            found = {"learners": [spelling.bundle_learner(row) for row in conn.execute(query)]}
            for kind, columns in _FACT_COLUMNS.items():
                facts = table_named(kind)
                query = select(*(facts.c[column] for column in columns)).order_by(
                    facts.c[rules.EVENT_TIMES[kind]], facts.c.id
                )
                if wanted is not None:
                    query = query.where(facts.c.learner_id.in_(wanted))
                # A damaged event is left out (and counted), as everywhere else it is read.
                found[kind] = list(
                    spelling.each(
                        conn.execute(query).mappings(),
                        partial(_decoded, kind),
                        self.db.left_out,
                    )
                )
        return found

    def merge(
        self,
        bundle: Bundle,
        params_for: ParamsLookup | None = None,
        allow_guarded: bool = False,
        packs: Mapping[str, Pack] | None = None,
    ) -> MergeReport:
        """Merge a bundle's facts into the database, all in one transaction.

        A learner in the bundle is the one here with the same id and name, else the one with
        the same name, as names are compared (their facts are then re-pointed to the id here),
        else a new one
        with their id; one the rules set aside (`core.merge.match_learners`: another's id, or the
        name of a PIN-guarded learner here without `allow_guarded`) comes in with none of their
        facts.
        Events are keyed by their uuid: one already here is left alone, so merging a bundle twice,
        or bundles that overlap, adds each event once. A goal or study session already here takes
        what the bundle knows more of: a goal closed there is closed here, a session ended there
        is ended here. With `params_for`, the derived state is rebuilt from the merged log in the
        same transaction (when anything changed); without it, the caller must rebuild.
        With `packs`, what a placement check in the bundle claims is weighed against the log as
        merged, here and in the bundle (`core.vetting.vet_claims`), and what it does not bear
        out is set aside (`MergeReport.set_aside`).
        """
        report = MergeReport(updated={"learners": 0})
        with self.db.write() as conn:
            hold_all(conn)
            stored = {row.id: row for row in conn.execute(select(table(LearnerRow))).all()}
            erasures = [
                rules.Erasure(*row)
                for row in conn.execute(
                    select_model(ErasureRow.learner_id, ErasureRow.name_key, ErasureRow.erased_at)
                )
            ]
            salt = conn.execute(
                select_model(MetaRow.value).where(MetaRow.key == NAME_SALT_KEY)
            ).scalar()
            found, report.left_out = rules.without_erased(
                bundle.rows, erasures, stored, {row.name for row in stored.values()}, salt
            )
            match = rules.match_learners(
                (spelling.bundle_learner(row) for row in stored.values()),
                found["learners"],
                guarded={row.id for row in stored.values() if row.pin_hash is not None},
                allow=allow_guarded,
            )
            found, counts = rules.without_learners(found, match.set_aside)
            report.refused = [
                (name, why, counts[bundle_id]) for bundle_id, (name, why) in match.set_aside.items()
            ]
            ids = self._merge_learners(conn, stored, match, report)
            placed_before = _placed_out(conn, set(ids.values()))

            def mapped(kind: str) -> list[Row]:
                return [{**row, "learner_id": ids[row["learner_id"]]} for row in found[kind]]

            self._merge_goals(conn, mapped("goals"), report)
            self._merge_sessions(conn, mapped("study_sessions"), report)
            logged = {kind: mapped(kind) for kind in rules.EVENTS}
            if packs is not None:
                # A learner's id is made once, where they were first added: here, if it is here.
                born = {
                    ids[there["id"]]: here.created_at if here is not None else there["created_at"]
                    for there in found["learners"]
                    for here in [stored.get(there["id"])]
                }
                logged, report.set_aside, report.cut = self._vetted(conn, logged, born, packs)
            added: dict[str, list[Row]] = {}
            for kind in rules.EVENTS:
                events = logged[kind]
                already = _here(conn, kind, events)
                # A damaged event here is here all the same: it is not compared, nor added again.
                here = list(spelling.each(already, partial(_decoded, kind)))
                refusal = rules.alteration(kind, here, {row["id"]: row for row in events})
                if refusal is not None:
                    raise BundleError(refusal)
                added[kind] = rules.fresh(_ids(already), events)
                report.added[kind] = _insert(conn, kind, added[kind])
                report.present[kind] = len(events) - report.added[kind]
            if params_for is not None and report.changed:
                learners = set(ids.values())
                # Skill states changed from before the merge to after it, each once: the
                # rebuild after sending skills back changes some the first one changed.
                before = stored_skills(conn)
                rebuild(conn, params_for)
                back = _send_back(conn, learners, packs or {}, params_for) if packs else set()
                if back:
                    rebuild(conn, params_for)
                report.rebuilt = changed_between(before, stored_skills(conn))
                # A skill placed that the learner practised, before the check or after it, is
                # practice's to judge (`learner.apply_placed`, `learner.apply_attempt`): the
                # report says which skills placed count, as every screen will.
                now = _placed_out(conn, learners)
                claims = {
                    (r["learner_id"], r["pack_id"], r["skill_id"])
                    for r in added["placements"]
                    if r["belief"]
                }
                report.sent_back = len(back)
                report.practised = len(claims - now - back)
                report.unplaced = len(placed_before - now - claims - back)
        return report

    @staticmethod
    def _vetted(
        conn: Connection,
        found: dict[str, list[Row]],
        born: Mapping[str, str],
        packs: Mapping[str, Pack],
    ) -> tuple[dict[str, list[Row]], dict[str, int], Cut]:
        """The bundle's events less those dated before their learner was created (`born`),
        copies of another answer of their learner's, and what its placement checks
        claim that the log as merged does not bear out, and how many of each were set aside, by
        "kind:reason"; its answers' claimed time cut to the time between them, and how much."""
        from tutor_tui.core.answer_claims import cut_claims, vet_copies
        from tutor_tui.core.vetting import vet_births, vet_claims

        found, set_aside = vet_births(found, born)
        learners = sorted(
            {row["learner_id"] for kind in ("attempts", "placements") for row in found[kind]}
        )
        if not learners:
            return found, set_aside, Cut()
        here: dict[str, list[Row]] = {"attempts": [], "placements": []}
        wanted = {
            "attempts": (
                *("question_id", "kind", "score", "answered_at"),
                *("response", "session_id", "seconds"),
            ),
            "placements": ("placed_at",),
        }
        for kind, columns in wanted.items():
            facts = table_named(kind)
            chosen = [facts.c[c] for c in ("id", "learner_id", "pack_id", "skill_id", *columns)]
            for start in range(0, len(learners), _CHUNK):
                query = select(*chosen).where(
                    facts.c.learner_id.in_(learners[start : start + _CHUNK])
                )
                here[kind] += [dict(row) for row in conn.execute(query).mappings()]
        for row in here["attempts"]:
            row["response"] = _response(row["response"])
        found["attempts"], copies = vet_copies(found["attempts"], here["attempts"])
        if copies:
            set_aside["attempts:copy"] = copies
        logged = {row["id"] for row in here["attempts"]}
        found["attempts"], cut = cut_claims(found["attempts"], logged)
        vetted, unclaimed = vet_claims(found, here, packs)
        return {**found, **vetted}, set_aside | unclaimed, cut

    @staticmethod
    def _merge_learners(
        conn: Connection, stored: dict[str, Any], match: rules.LearnerMatch, report: MergeReport
    ) -> dict[str, str]:
        """Merge or create the bundle's learners as matched; their ids here, by their ids there."""
        report.matched, report.merged = match.matched, match.merged
        report.guarded = match.guarded
        report.created = [learner["name"] for learner in match.created]
        report.updated["learners"] = match.updated
        if match.created:
            conn.execute(
                insert(table(LearnerRow)),
                [spelling.bundle_learner_values(learner) for learner in match.created],
            )
        kept = table(LearnerRow)
        for learner_id, learner in match.kept.items():
            values = spelling.bundle_learner_values(learner)
            changed = {column: values[column] for column in _MERGED_COLUMNS}
            if any(getattr(stored[learner_id], c) != v for c, v in changed.items()):
                conn.execute(update(kept).where(kept.c.id == learner_id).values(changed))
        return match.ids

    @staticmethod
    def _merge_goals(conn: Connection, goals: list[Row], report: MergeReport) -> None:
        """Add the bundle's new goals and join what both know of the others."""
        here = table(GoalRow)
        known = [
            dict(row)
            for row in conn.execute(
                select(
                    here.c.id,
                    here.c.learner_id,
                    here.c.pack_id,
                    here.c.created_at,
                    here.c.due_by,
                    here.c.daily_minutes,
                    here.c.status,
                    here.c.closed_at,
                )
            ).mappings()
        ]
        bundled = {goal["id"]: goal for goal in goals}
        refusal = rules.alteration("goals", (row for row in known if row["id"] in bundled), bundled)
        if refusal is not None:
            raise BundleError(refusal)
        merged = rules.merge_goals(known, goals)
        _insert(conn, "goals", merged.fresh)
        if merged.changed:
            conn.execute(
                update(here).where(here.c.id == bindparam("goal_id")),
                [
                    {"goal_id": row["id"], "status": row["status"], "closed_at": row["closed_at"]}
                    for row in merged.changed
                ],
            )
        report.added["goals"] = len(merged.fresh)
        report.present["goals"] = len(goals) - len(merged.fresh)
        report.updated["goals"] = len(merged.changed)

    @staticmethod
    def _merge_sessions(conn: Connection, sessions: list[Row], report: MergeReport) -> None:
        """Add the bundle's new study sessions, and end those it saw end later."""
        already = _here(conn, "study_sessions", sessions)
        refusal = rules.alteration("study_sessions", already, {row["id"]: row for row in sessions})
        if refusal is not None:
            raise BundleError(refusal)
        ended = {row["id"]: row["ended_at"] for row in already}
        report.added["study_sessions"] = _insert(
            conn, "study_sessions", rules.fresh(ended, sessions)
        )
        report.present["study_sessions"] = len(sessions) - report.added["study_sessions"]
        endings = rules.session_endings(ended, sessions)
        if endings:
            here = table(StudySessionRow)
            conn.execute(
                update(here).where(here.c.id == bindparam("session_id")),
                [{"session_id": row["id"], "ended_at": row["ended_at"]} for row in endings],
            )
        report.updated["study_sessions"] = len(endings)


def table_named(kind: str) -> Table:
    """The table that keeps a kind of fact (it bears the kind's name)."""
    return SQLModel.metadata.tables[kind]


def _here(conn: Connection, kind: str, rows: list[Row]) -> list[Row]:
    """The facts of a kind already here with the ids of these, as stored."""
    facts = table_named(kind)
    columns = [facts.c[column] for column in _FACT_COLUMNS[kind]]
    ids = [row["id"] for row in rows]
    found: list[Row] = []
    for start in range(0, len(ids), _CHUNK):
        query = select(*columns).where(facts.c.id.in_(ids[start : start + _CHUNK]))
        found += [dict(row) for row in conn.execute(query).mappings()]
    return found


def _placed_out(conn: Connection, learners: Collection[str]) -> set[tuple[str, str, str]]:
    """The skills these learners are placed out of, as the derived state holds them: (learner,
    pack, skill)."""
    states = table(SkillStateRow)
    wanted = sorted(learners)
    found: set[tuple[str, str, str]] = set()
    for start in range(0, len(wanted), _CHUNK):
        query = select(states.c.learner_id, states.c.pack_id, states.c.skill_id).where(
            states.c.learner_id.in_(wanted[start : start + _CHUNK]),
            states.c.placed_at.is_not(None),
            states.c.mastered_at.is_(None),
        )
        found.update((row.learner_id, row.pack_id, row.skill_id) for row in conn.execute(query))
    return found


def _send_back(
    conn: Connection, learners: Collection[str], packs: Mapping[str, Pack], params_for: ParamsLookup
) -> set[tuple[str, str, str]]:
    """Send back to practice, in the log, the skills placed out that a miss in practice after
    their check sends back (`core.vetting.sent_back_by_practice`): the check and the practice
    met only here. The skills sent back, as (learner, pack, skill)."""
    from tutor_tui.core.ids import new_id
    from tutor_tui.core.learner import WITHDRAWN, Placed
    from tutor_tui.core.vetting import sent_back_by_practice

    states = table(SkillStateRow)
    placed: dict[tuple[str, str], dict[str, datetime]] = {}
    confirmed: dict[tuple[str, str], dict[str, datetime]] = {}
    wanted = sorted(learners)
    for start in range(0, len(wanted), _CHUNK):
        query = select(
            states.c.learner_id,
            states.c.pack_id,
            states.c.skill_id,
            states.c.placed_at,
            states.c.mastered_at,
        ).where(states.c.learner_id.in_(wanted[start : start + _CHUNK]))
        for row in conn.execute(query):
            key = (row.learner_id, row.pack_id)
            with spelling.derived_state():
                placed_at, mastered_at = (
                    spelling.when(row.placed_at),
                    spelling.when(row.mastered_at),
                )
            if mastered_at is not None:
                confirmed.setdefault(key, {})[row.skill_id] = mastered_at
            elif placed_at is not None and row.pack_id in packs:
                placed.setdefault(key, {})[row.skill_id] = placed_at
    answers = table_named("attempts")
    names = ("question_id", "skill_id", "score", "kind", "answered_at", "response")
    columns = [answers.c[c] for c in names]
    back: set[tuple[str, str, str]] = set()
    events = []
    for (learner_id, pack_id), skills in sorted(placed.items()):
        found = conn.execute(
            select(*columns).where(answers.c.learner_id == learner_id, answers.c.pack_id == pack_id)
        ).mappings()
        gone = sent_back_by_practice(
            packs[pack_id],
            [{**row, "response": _response(row["response"])} for row in found],
            skills,
            confirmed.get((learner_id, pack_id), {}),
            partial(_luck, params_for, pack_id),
        )
        for skill_id, at in sorted(gone.items()):
            events.append(Placed(new_id(), learner_id, pack_id, skill_id, WITHDRAWN, at))
            back.add((learner_id, pack_id, skill_id))
    if events:
        conn.execute(insert(table_named("placements")), [spelling.placed_values(e) for e in events])
    return back


def _response(text: str) -> Any:
    """A response as logged, read as far as telling "I don't know" (None) from an answer: a
    damaged one is an answer."""
    try:
        return json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return text


def _luck(params_for: ParamsLookup, pack_id: str, skill_id: str, question_id: str) -> float:
    """A question's chance of a lucky right answer, under its skill's rules."""
    return params_for(pack_id, skill_id).chance(question_id)


def _ids(rows: Iterable[Row]) -> set[str]:
    return {row["id"] for row in rows}


def _insert(conn: Connection, kind: str, rows: list[Row]) -> int:
    """Add these facts of a kind; how many there were."""
    if rows:
        conn.execute(insert(table_named(kind)), [_encoded(kind, row) for row in rows])
    return len(rows)
