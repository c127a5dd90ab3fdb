"""What merging a bundle did, as a person and a script read it: whom it matched, created and
merged, what it added, and what it set aside and why (`core.vetting`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor_tui.core.answer_claims import Cut
from tutor_tui.core.merge import FACTS, KIND_LABELS, KINDS, count_words
from tutor_tui.core.vetting import vetting_lines


@dataclass
class MergeReport:
    """What merging a bundle did: which learners it matched, created and merged, what it added."""

    # Learners with the same id here (by their name here).
    matched: list[str] = field(default_factory=list)
    # Learners new here.
    created: list[str] = field(default_factory=list)
    # Learners with another id but exactly the same name here: their facts now count as this one's.
    merged: list[str] = field(default_factory=list)
    # Per kind of fact: how many were new, already here, and changed here (a goal closed, a
    # study session ended, a learner's settings filled in).
    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # Skill states the rebuild of the derived state changed, once it has run.
    rebuilt: int | None = None
    # Of the skills placed it added, how many do not count as placed out once rebuilt: the
    # learner practised them, before the check or after it, and practice judges them.
    practised: int = 0
    # Skills placed out that a miss in practice after their check, met only here, sent back.
    sent_back: int = 0
    # Skills placed out here before that no longer are, once rebuilt: the bundle brought the
    # learner's practice on them, which judges them (or took the placement back).
    unplaced: int = 0
    # (name in the bundle, facts left out) for learners whose progress was erased here.
    left_out: list[tuple[str, int]] = field(default_factory=list)
    # (name in the bundle, why, facts) for learners not merged at all (see `match_learners`).
    refused: list[tuple[str, str, int]] = field(default_factory=list)
    # Names here of learners whose profile a PIN guards that a name match joined.
    guarded: list[str] = field(default_factory=list)
    # Facts not taken because the tutor could not check them here, per reason (see
    # `tutor_tui.core.vetting`), and the packs not on this computer they belong to.
    set_aside: dict[str, int] = field(default_factory=dict)
    elsewhere: dict[str, int] = field(default_factory=dict)
    packs_not_here: list[str] = field(default_factory=list)
    # The answers whose claimed time was cut to the time between them (`core.answer_claims`).
    cut: Cut = field(default_factory=Cut)

    @property
    def changed(self) -> bool:
        """Whether the merge changed anything."""
        return bool(self.created or any(self.added.values()) or any(self.updated.values()))

    def lines(self) -> list[str]:
        """The report in short lines of text."""
        lines = []
        if self.matched:
            lines.append("Matched (same learner here): " + ", ".join(self.matched))
        if self.merged:
            lines.append("Merged (same name here, another id): " + ", ".join(self.merged))
        if self.created:
            lines.append("Created (new here): " + ", ".join(self.created))
        for name, count in self.left_out:
            records = f"{count} record{'' if count == 1 else 's'}"
            lines.append(f"Left out: {name}'s progress from before it was erased here ({records})")
        if self.guarded:
            lines.append(
                "Their profile is guarded by a PIN; merged as the tutor passphrase allows: "
                + ", ".join(self.guarded)
            )
        for name, why, count in self.refused:
            lines.append(f"Set aside: '{name}' {why} ({count_words(count, 'records')}); not merged")
        if not (self.matched or self.merged or self.created or self.left_out or self.refused):
            lines.append("The bundle holds no learners.")
        if self.updated.get("learners"):
            lines.append(
                "A group or settings set later on the other computer were taken for"
                f" {self.updated['learners']} of them."
            )
        for kind in FACTS:
            added, present = self.added.get(kind, 0), self.present.get(kind, 0)
            updated = self.updated.get(kind, 0)
            if added or present or updated:
                line = f"{KIND_LABELS[kind].capitalize()}: {added} added, {present} already here"
                lines.append(line + (f", {updated} updated" if updated else ""))
            if kind == "placements":
                lines += self._placed_lines()
        lines += vetting_lines(self.set_aside, self.elsewhere, self.packs_not_here)
        lines += self.cut.lines()
        if not self.changed and (self.refused or self.set_aside or self.elsewhere):
            lines.append("Nothing was added.")
        elif not self.changed:
            lines.append("Nothing new: everything in the bundle was already here.")
        elif self.rebuilt is not None:
            lines.append(
                "Rebuilt the derived state from the merged log"
                f" ({self.rebuilt} skill states changed)."
            )
        return lines

    def _placed_lines(self) -> list[str]:
        """What of the skills placed counts as placed out, once rebuilt, where not all does."""
        lines = []
        if self.practised:
            one = self.practised == 1
            lines.append(
                f"{self.practised} of the skills placed {'does' if one else 'do'} not count as"
                f" placed out: the learner practised {'it' if one else 'them'}, and practice,"
                f" not a check, says where {'it stands' if one else 'they stand'}."
            )
        if self.sent_back:
            one = self.sent_back == 1
            lines.append(
                f"{self.sent_back} {'skill' if one else 'skills'} placed out"
                f" {'goes' if one else 'go'} back to practice: the learner missed, after the"
                f" check, a skill {'it requires' if one else 'they require'} (failing a skill"
                " says one does not know what requires it)."
            )
        if self.unplaced:
            one = self.unplaced == 1
            lines.append(
                f"{self.unplaced} {'skill' if one else 'skills'} placed out here before no"
                f" longer {'counts' if one else 'count'} as placed out: the bundle holds the"
                f" learner's practice on {'it' if one else 'them'}, which says where"
                f" {'it stands' if one else 'they stand'}."
            )
        return lines

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "matched": self.matched,
            "created": self.created,
            "merged": self.merged,
            "left_out": [{"bundle": name, "facts": count} for name, count in self.left_out],
            "refused": [
                {"bundle": name, "why": why, "facts": count} for name, why, count in self.refused
            ],
            "guarded": self.guarded,
            "set_aside": self.set_aside,
            "elsewhere": self.elsewhere,
            "packs_not_here": self.packs_not_here,
            "cut": {"answers": self.cut.answers, "seconds": round(self.cut.seconds, 1)},
            "added": {kind: self.added.get(kind, 0) for kind in FACTS},
            "present": {kind: self.present.get(kind, 0) for kind in FACTS},
            "updated": {kind: self.updated.get(kind, 0) for kind in KINDS},
            "rebuilt": self.rebuilt,
            "practised": self.practised,
            "sent_back": self.sent_back,
            "unplaced": self.unplaced,
        }
