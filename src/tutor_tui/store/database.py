"""The learner store: the only code that speaks SQL, as the service sees it.

SQLite in WAL mode (`tutor.db` in the data home), or a PostgreSQL server many computers share.

- Facts: learners, goals, the append-only **attempt log**, lesson views, study sessions.
- Derived state, a cache of what the facts imply: per learner and skill the mastery, counts and
  review card, and how many of the skill's questions were right at first sight; per learner and
  question the counts and the skills it was answered under. `rebuild()` recomputes it from the
  facts and must give the same state.

Every write is one transaction that takes SQLite's write lock at its start (`BEGIN IMMEDIATE`), so
that two copies of the tutor open on one database never interleave a read and a write; on a
server, it holds the rows of the learners it changes instead (`learners.hold`). An answer's
transaction commits before the caller shows feedback.

`Store` is a facade over one part per concern: `engine` (connecting, transactions), `migrations`,
`meta`, `learners`, `events` (recording), `replay` (rebuild and checks), `history` (reading),
`goals` (and study sessions) and `sync` (bundles); the tables are in `tables`, and how values are
spelled in rows in `rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DatabaseError, OperationalError

from tutor_tui.core.content import Mastery, Pack
from tutor_tui.core.errors import Damaged, TutorError
from tutor_tui.core.ids import new_id
from tutor_tui.core.learner import (
    Attempt,
    Learner,
    LearnerState,
    LessonView,
    Placed,
    QuestionProgress,
    SkillProgress,
)
from tutor_tui.core.names import clean_name
from tutor_tui.core.pace import Goal
from tutor_tui.files import paths
from tutor_tui.store import replay
from tutor_tui.store.engine import Database, reason, where
from tutor_tui.store.events import Events
from tutor_tui.store.goals import Goals
from tutor_tui.store.history import History
from tutor_tui.store.learners import Learners, hold_all
from tutor_tui.store.meta import Meta
from tutor_tui.store.migrations import migrate
from tutor_tui.store.replay import ParamsLookup

if TYPE_CHECKING:
    from tutor_tui.core.merge_report import MergeReport
    from tutor_tui.core.standing_change import Rebuilt, Shift
    from tutor_tui.files.bundle import Bundle
    from tutor_tui.store.ahead import Ahead
    from tutor_tui.store.salvage import Salvage
    from tutor_tui.store.sync import Sync


class Store:
    """The tutor's database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.engine = db.engine
        self._meta = Meta(self.db)
        self._learners = Learners(self.db)
        self._events = Events(self.db)
        self._history = History(self.db)
        self._goals = Goals(self.db)
        # Set when an upgrade changed how the derived state follows from the log: the service
        # rebuilds it once, with the packs' numbers, which the store does not know.
        self.needs_rebuild = False
        # The schema version the database had when opened: None when it was made by the opening.
        self.found_version: int | None = None

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating or upgrading as needed) the database at `url`."""
        url = url or paths.database_url()
        store = cls(Database.connect(url))
        try:
            store.found_version, store.needs_rebuild = migrate(store.db)
        except (DatabaseError, OperationalError) as error:
            store.close()
            raise TutorError(f"cannot open the database {where(url)}: {reason(error)}") from None
        except TutorError as error:
            store.close()
            raise type(error)(f"cannot open the database {where(url)}: {error}") from None
        return store

    def close(self) -> None:
        """Release the database."""
        self.db.close()

    @property
    def shared(self) -> bool:
        """Whether other computers write to this database too (a server, not this computer's
        file): what is read from it may be out of date by the next moment."""
        return not self.db.is_sqlite

    def unreachable(self) -> str | None:
        """Why the database server cannot be reached now; None when it answers (or the database
        is this computer's own file)."""
        return self.db.unreachable()

    # Remembered values -----------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._meta.schema_version()

    def get_meta(self, key: str) -> str | None:
        """A remembered value, such as the last learner who studied."""
        return self._meta.get(key)

    def set_meta(self, key: str, value: str | None) -> None:
        """Remember a value; None forgets it."""
        self._meta.update(key, lambda _kept: value)

    def update_meta(self, key: str, change: Callable[[str | None], str | None]) -> str | None:
        """Change a remembered value in one transaction (see `Meta.update`)."""
        return self._meta.update(key, change)

    # Learners --------------------------------------------------------------------------------

    def add_learner(self, name: str, at: datetime, group: str | None = None) -> Learner:
        """Add a learner; TutorError when the name is taken or empty."""
        try:
            name = clean_name(name)
        except ValueError as error:
            raise TutorError(str(error)) from None
        learner = Learner(id=new_id(), name=name, created_at=at, group=group)
        self._learners.add(learner)
        return learner

    def import_roster(
        self, new: list[tuple[str, str | None]], regroup: list[tuple[str, str | None]], at: datetime
    ) -> list[Learner]:
        """Add a class's new learners and move others to their groups, all or nothing."""
        return self._learners.import_roster(new, regroup, at)

    def learners(self) -> list[Learner]:
        """Every learner, by name."""
        return self._learners.all()

    def learner(self, name: str) -> Learner:
        """The learner with this name; NotFound when there is none."""
        return self._learners.named(name)

    def pin_hash(self, learner_id: str) -> str | None:
        """What is kept of a learner's PIN, if they have one."""
        return self._learners.pin_hash(learner_id)

    def set_pin_hash(self, learner_id: str, pin_hash: str | None) -> None:
        """Keep a learner's new PIN hash, or none."""
        self._learners.set_pin_hash(learner_id, pin_hash)

    def erase_learner(self, learner_id: str, keep_profile: bool, at: datetime) -> int:
        """Erase everything a learner did (see `Learners.erase`); how many answers went."""
        return self._learners.erase(learner_id, keep_profile, at)

    def update_settings(self, learner_id: str, settings: dict[str, Any], at: datetime) -> None:
        """Replace a learner's settings; those that changed are noted as set at `at`."""
        self._learners.update_settings(learner_id, settings, at)

    # Events ----------------------------------------------------------------------------------

    def record_attempt(
        self, attempt: Attempt, params_for: ParamsLookup
    ) -> tuple[SkillProgress, QuestionProgress]:
        """Append an answer to the log and update the derived state, in one transaction;
        `params_for` gives each skill's knowledge-tracing parameters, by pack and skill id."""
        return self._events.record_attempt(attempt, params_for)

    def record_lesson(self, view: LessonView, params: Mastery) -> SkillProgress:
        """Log that a lesson was read, and note it in the derived state."""
        return self._events.record_lesson(view, params)

    def record_placed(
        self, events: list[Placed], params: dict[str, Mastery]
    ) -> dict[str, SkillProgress]:
        """Log the skills a placement check found known, and derive their state, in one go."""
        return self._events.record_placed(events, params)

    # Goals and study sessions ----------------------------------------------------------------

    def add_goal(
        self, goal: Goal, replacing: str | None = None, at: datetime | None = None
    ) -> None:
        """Add a goal, dropping the one it replaces, in one transaction."""
        self._goals.add(goal, replacing, at)

    def goals(self, learner_id: str) -> list[Goal]:
        """A learner's goals, oldest first."""
        return self._goals.of(learner_id)

    def close_goal(self, goal_id: str, status: str, at: datetime) -> None:
        """Mark a goal done or dropped."""
        self._goals.close(goal_id, status, at)

    def start_session(
        self,
        session_id: str,
        learner_id: str,
        pack_id: str | None,
        at: datetime,
        minutes: int | None,
    ) -> None:
        """Note that a study session began."""
        self._goals.start_session(session_id, learner_id, pack_id, at, minutes)

    def end_session(self, session_id: str, at: datetime) -> None:
        """Note that a study session ended."""
        self._goals.end_session(session_id, at)

    def session_attempts(self, session_id: str) -> list[Attempt]:
        """The answers given in a study session, in order."""
        return self._history.attempts(session_id=session_id)

    # Reading state ---------------------------------------------------------------------------

    def learner_state(self, learner: Learner, pack_id: str, now: datetime) -> LearnerState:
        """What the planner needs about a learner in a pack."""
        return self._history.learner_state(learner, pack_id, now)

    def skill_states(self, learner_id: str) -> dict[tuple[str, str], SkillProgress]:
        """A learner's progress on every skill, by (pack id, skill id)."""
        return self._history.skill_states(learner_id)

    def attempts(self, learner_id: str | None = None, pack_id: str | None = None) -> list[Attempt]:
        """Attempts in the order they were made."""
        return self._history.attempts(learner_id, pack_id)

    def placements(self, learner_id: str, pack_id: str | None = None) -> list[Placed]:
        """The skills placement checks placed a learner out of, in the order they were placed."""
        return self._history.placements(learner_id, pack_id)

    def answer_times(self, learner_id: str, since: datetime) -> list[tuple[datetime, float]]:
        """When each answer since `since` was given, and the seconds it took."""
        return self._history.answer_times(learner_id, since)

    def counts(self) -> dict[str, int]:
        """How many learners, and how many of each fact, the database holds."""
        return self._history.counts()

    def totals(self, learner_id: str) -> dict[str, tuple[int, float]]:
        """Per pack: how many answers and how many seconds."""
        return self._history.totals(learner_id)

    # Moving progress between computers ------------------------------------------------------

    @cached_property
    def _sync(self) -> Sync:
        # Built when a bundle first comes or goes: the bundle format and the merge rules are not
        # loaded by the commands that never move progress.
        from tutor_tui.store.sync import Sync

        return Sync(self.db)

    def export_rows(
        self, learner_ids: Collection[str] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """The facts about these learners (all when None), per kind, as a bundle carries them."""
        return self._sync.export_rows(learner_ids)

    def merge(
        self,
        bundle: Bundle,
        params_for: ParamsLookup | None = None,
        allow_guarded: bool = False,
        packs: Mapping[str, Pack] | None = None,
    ) -> MergeReport:
        """Merge a bundle's facts into the database, all in one transaction (see `Sync.merge`)."""
        return self._sync.merge(bundle, params_for, allow_guarded, packs)

    # Rebuild and checks ----------------------------------------------------------------------

    def rebuild(
        self, params_for: ParamsLookup, params_before: ParamsLookup | None = None
    ) -> Rebuilt:
        """Recompute all derived state from the log; return how many skill states changed, and
        whose standing (the state replaced read by `params_before`, when the rules changed),
        each learner's change kept until their home shows it (`take_shifts`)."""
        with self.db.write() as conn:
            hold_all(conn)
            rebuilt = replay.rebuild(conn, params_for, params_before)
            replay.keep_shifts(conn, rebuilt.shifts)
            return rebuilt

    def take_shifts(self, learner_id: str, forget: bool = True) -> list[Shift]:
        """A learner's changes of standing by rebuilds, forgotten (`forget`) where it can be."""
        with self.db.read() as conn:
            found = replay.kept_shifts(conn, learner_id)
        if not found or not forget or self.db.read_only is not None:
            return found  # nothing written: nothing waits, or it waits on
        with self.db.write() as conn:
            return replay.take_shifts(conn, learner_id)

    def ahead(self, after: datetime) -> tuple[list[Ahead], int]:
        """The learners' events stamped after `after` (a clock that read ahead), by pack, and
        how many other facts (study sessions, goals, learners' settings) are dated after it."""
        from tutor_tui.store import ahead

        with self.db.read() as conn:
            return ahead.ahead(conn, after), ahead.others_ahead(conn, after)

    def bring_back(
        self,
        after: datetime,
        now: datetime,
        params_for: ParamsLookup,
        *,
        clock_is_right: bool = False,
    ) -> int:
        """Re-date the events stamped after `after` to just after the others, in their order
        (other facts to `now`), and rebuild the derived state, in one transaction; how many
        facts were re-dated (`ahead.bring_back`: refused when most of the log is ahead)."""
        from tutor_tui.store import ahead

        with self.db.write() as conn:
            hold_all(conn)
            moved = ahead.bring_back(conn, after, now, clock_is_right=clock_is_right)
            replay.rebuild(conn, params_for)
            return moved

    def may_bring_back(self, after: datetime, now: datetime, *, clock_is_right: bool) -> None:
        """ClockBehind when `bring_back` would be refused (most of the log is ahead)."""
        from tutor_tui.store import ahead

        with self.db.read() as conn:
            ahead.may_bring_back(conn, after, now, clock_is_right=clock_is_right)

    def keep_copy(self, label: str, after: datetime) -> Path:
        """What mending the times after `after` changes, kept first: a copy of the database
        file beside it, or the times from a server's (`ahead.keep_copy`)."""
        from tutor_tui.store import ahead

        return ahead.keep_copy(self.db, label, after)

    def logged_questions(self) -> list[tuple[str, str, str, str, int]]:
        """The (pack, version, question, skill) ids in the attempt log, with their counts."""
        return replay.logged_questions(self.db)

    def check(self, params_for: ParamsLookup) -> list[str]:
        """What is wrong with the database; empty when all is well. A damaged file is told by
        the tables that cannot be read, and how to recover."""
        from tutor_tui.store import salvage

        try:
            return replay.check(self.db, params_for)
        except Damaged:
            return salvage.damage_problems(salvage.damaged_tables(self.db))

    def salvage(self, params_for: ParamsLookup) -> Salvage:
        """Put a new database in a damaged one's place, with every fact still readable in it."""
        from tutor_tui.store import salvage

        return salvage.salvage(self.db, params_for)
