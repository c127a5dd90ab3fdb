"""The answer log as a whole: read, carried to another computer in a bundle, merged, checked and
rebuilt."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from tutor_tui.core.clock import CLOCK_SLACK
from tutor_tui.core.errors import Damaged
from tutor_tui.core.learner import Attempt, Learner, Placed
from tutor_tui.core.words import plural
from tutor_tui.service.access import PASSPHRASE_KEY
from tutor_tui.service.knowledge import Knowledge, local_minute

if TYPE_CHECKING:
    from tutor_tui.core.merge_report import MergeReport
    from tutor_tui.core.standing_change import Rebuilt
    from tutor_tui.files.bundle import Bundle
    from tutor_tui.store.ahead import Ahead
    from tutor_tui.store.replay import ParamsLookup
    from tutor_tui.store.salvage import Salvage


class Transfer:
    """Export, import and upkeep of what the store holds."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.store = knowledge.store

    def attempts(self, learner: Learner | None = None, pack_id: str | None = None) -> list[Attempt]:
        """Every answer in the log (of one learner, in one pack), in the order they were made."""
        return self.store.attempts(None if learner is None else learner.id, pack_id)

    def placements(self, learner: Learner, pack_id: str | None = None) -> list[Placed]:
        """The skills placement checks placed the learner out of, in order: in one pack, or all."""
        return self.store.placements(learner.id, pack_id)

    def export_bundle(
        self,
        path: Path,
        learners: Collection[Learner] | None = None,
        passphrase: str | None = None,
    ) -> Bundle:
        """Write these learners' progress (everyone's when None) to a bundle file; return it.

        With `passphrase` (the tutor passphrase, which the caller has checked) the file is
        encrypted with it.
        """
        from tutor_tui.files.bundle import write_bundle

        ids = None if learners is None else [learner.id for learner in learners]
        rows = self.store.export_rows(ids)
        return write_bundle(path, rows, self.knowledge.now(), passphrase=passphrase)

    def import_bundle(self, bundle: Bundle, source: str = "the bundle") -> MergeReport:
        """Merge a bundle's facts and rebuild the derived state, in one transaction: the one way
        progress comes in from outside.

        Nothing in it is trusted: its dates are checked against the clock here, every answer is
        graded again by the packs here (its score ignored), and what cannot be checked is set
        aside with a count (`core.vetting`). A same-named learner joins a PIN-guarded learner here
        only when the tutor passphrase, which the caller has checked, is set.
        """
        from dataclasses import replace

        from tutor_tui.core.vetting import vet
        from tutor_tui.files.bundle import check_times

        check_times(bundle, self.knowledge.now(), source)
        vetted = vet(bundle.rows, self.knowledge.packs)
        allow_guarded = self.store.get_meta(PASSPHRASE_KEY) is not None
        # The rebuild uses the service's knowledge-tracing parameters, fitted models included.
        # What a placement check claims is weighed in the merge, against the log as merged.
        report = self.store.merge(
            replace(bundle, rows=vetted.rows),
            self.knowledge.params_for,
            allow_guarded,
            self.knowledge.packs,
        )
        for key, count in vetted.set_aside.items():
            report.set_aside[key] = report.set_aside.get(key, 0) + count
        report.elsewhere = vetted.elsewhere
        report.packs_not_here = vetted.packs_not_here
        self.knowledge.forget_cached()
        return report

    def check(self) -> list[str]:
        """What is wrong with the store; empty when all is well."""
        from tutor_tui.core.vetting import unchecked_in_log

        problems = self.store.check(self.knowledge.params_for)
        try:
            logged = self.store.logged_questions()
            ahead, others = self.store.ahead(self.knowledge.now() + CLOCK_SLACK)
        except Damaged:
            return problems  # the store's check has said what is damaged
        problems += [
            f"learner '{found.learner}' in pack '{found.pack_id}': {plural(found.events, 'event')}"
            f" (answers, lessons read, skills placed) dated after this computer's clock (the latest"
            f" {local_minute(found.latest)}); if the clock is right, a wrong one stamped them:"
            " run tutor doctor --mend-times"
            for found in ahead
        ]
        if others:
            problems.append(
                f"{plural(others, 'date')} of study sessions, goals or learners' settings after"
                " this computer's clock; if the clock is right, a wrong one set them: run"
                " tutor doctor --mend-times"
            )
        return problems + unchecked_in_log(logged, self.knowledge.packs)

    def times_ahead(self, clock_is_right: bool = False) -> tuple[list[Ahead], int]:
        """What `mend_times` would date again: the learners' events dated more than CLOCK_SLACK
        ahead of the clock, by learner and pack, and how many other facts; ClockBehind, as
        mending would be refused, when most of the log is ahead and the user has not said the
        clock is right."""
        now = self.knowledge.now()
        self.store.may_bring_back(now + CLOCK_SLACK, now, clock_is_right=clock_is_right)
        return self.store.ahead(now + CLOCK_SLACK)

    def keep_copy(self) -> Path:
        """What `mend_times` would change, kept first: a copy of the database file beside it,
        or, of a server's, the times it would change in a file in the data home; its path."""
        return self.store.keep_copy("before-mend-times", self.knowledge.now() + CLOCK_SLACK)

    def mend_times(self, clock_is_right: bool = False) -> int:
        """Bring what is dated more than CLOCK_SLACK ahead of the clock back to it, in
        the order they were done, and rebuild; how many. For a clock that read ahead once;
        ClockBehind when most of the log is ahead, unless the user says the clock is right."""
        now = self.knowledge.now()
        moved = self.store.bring_back(
            now + CLOCK_SLACK, now, self.knowledge.params_for, clock_is_right=clock_is_right
        )
        self.knowledge.forget_cached()
        return moved

    def salvage(self) -> Salvage:
        """Recover a damaged database: a new one with every fact still readable, in its place."""
        saved = self.store.salvage(self.knowledge.params_for)
        self.knowledge.forget_cached()
        return saved

    def rebuild(self, params_before: ParamsLookup | None = None) -> Rebuilt:
        """Recompute the derived state from the attempt log; how many skill states changed, and
        whose standing (each learner's home says so once, `standing_notice`). `params_before`
        are the skills' rules before the packs changed (a pack installed again), which the
        standing the rebuild replaces is read by."""
        rebuilt = self.store.rebuild(self.knowledge.params_for, params_before)
        self.knowledge.forget_cached()
        return rebuilt

    def standing_lines(self, rebuilt: Rebuilt, named: bool = True) -> list[str]:
        """Whose standing a rebuild changed, one line per learner and pack, as a teacher reads
        it: "Lu, Python Foundations: no longer mastered: Numbers and arithmetic". Not `named`
        (where everyone's data may not be shown: a PIN guards it), how many learners, in one
        line: each is told on their home or by a command of their own (`standing_notice`)."""
        if not named:
            learners = {shift.learner_id for shift in rebuilt.shifts if shift}
            if not learners:
                return []
            return [
                f"The standing of {plural(len(learners), 'learner')} changed; each is told on"
                " their home, or by a command of their own."
            ]
        names = {learner.id: learner.name for learner in self.store.learners()}
        return [
            f"{names.get(shift.learner_id, shift.learner_id)},"
            f" {self._title(shift.pack_id)}: {shift.words(self.knowledge.packs.get(shift.pack_id))}"
            for shift in rebuilt.shifts
        ]

    def standing_notice(self, learner: Learner, forget: bool = True) -> list[str]:
        """What rebuilds changed in where the learner stands since they last read it, one line
        per pack, as the learner reads it once; then forgotten, unless `forget` is off (the app
        forgets it once the learner closes it, `standing_read`)."""
        return [
            f"{self._title(shift.pack_id)}: {shift.words(self.knowledge.packs.get(shift.pack_id))}"
            " (the tutor reckoned your answers again by its rules, which changed; your answers"
            " did not)."
            for shift in self.store.take_shifts(learner.id, forget)
            if shift
        ]

    def standing_read(self, learner: Learner) -> None:
        """The learner has read what rebuilds changed in where they stand: forget it."""
        self.store.take_shifts(learner.id)

    def _title(self, pack_id: str) -> str:
        pack = self.knowledge.packs.get(pack_id)
        return pack.title if pack is not None else pack_id
