"""What a rebuild of the derived state changed in where learners stand.

Mastery follows from the answer log by the tutor's rules and the packs' numbers; a rebuild (a
new version whose rules changed, a pack installed again, `tutor doctor --rebuild`) may find that
the same answers no longer master a skill, or now do. Nothing a learner did changed, so they and
their teacher are told, skill by skill: the stored standing and the rebuilt one are compared in
one place, the store's rebuild, with this module's rules (`shifts`), and each learner's change
is kept until their home has shown it once (`Shift.merged`, `to_dict`, `from_dict`).

Values in, values out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tutor_tui.core.content import Mastery, Pack
from tutor_tui.core.learner import SkillProgress
from tutor_tui.core.standing import counts_as_mastered, is_placed_out

Key = tuple[str, str, str]
# Where a learner's change of standing waits in the `meta` table until their home shows it.
NOTICE_KEY = "standing-changed:"


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild of the derived state changed: how many skill states, and whose standing."""

    changed: int
    shifts: tuple[Shift, ...] = ()


@dataclass(frozen=True)
class Shift:
    """One learner's standing in one pack as a rebuild changed it, by skill id."""

    learner_id: str
    pack_id: str
    # Mastered before the rebuild and not after; mastered after and not before.
    lost: tuple[str, ...] = ()
    gained: tuple[str, ...] = ()
    # Placed out before the rebuild, and neither placed out nor mastered after.
    unplaced: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.lost or self.gained or self.unplaced)

    def merged(self, later: Shift) -> Shift:
        """This change followed by a later one of the same learner and pack: what the two make
        together (a skill lost, then gained again, has not changed)."""
        lost = (set(self.lost) - set(later.gained)) | (set(later.lost) - set(self.gained))
        gained = (set(self.gained) - set(later.lost)) | (set(later.gained) - set(self.lost))
        unplaced = set(self.unplaced) | set(later.unplaced)
        return Shift(
            self.learner_id,
            self.pack_id,
            tuple(sorted(lost)),
            tuple(sorted(gained)),
            tuple(sorted(unplaced - gained)),
        )

    def words(self, pack: Pack | None) -> str:
        """The change in words, skills by their titles in the pack (their ids without it):
        "no longer mastered: A, B; now mastered: C"."""

        def titles(skills: Iterable[str]) -> str:
            index = pack.skill_index if pack is not None else {}
            return ", ".join(index[s].title if s in index else s for s in skills)

        parts = [
            f"{what}: {titles(skills)}"
            for what, skills in (
                ("no longer mastered", self.lost),
                ("no longer placed out", self.unplaced),
                ("now mastered", self.gained),
            )
            if skills
        ]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready values."""
        return {
            "learner_id": self.learner_id,
            "pack_id": self.pack_id,
            "lost": list(self.lost),
            "gained": list(self.gained),
            "unplaced": list(self.unplaced),
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Shift:
        """A change as `to_dict` gave it."""
        return cls(
            str(values["learner_id"]),
            str(values["pack_id"]),
            *(tuple(str(s) for s in values.get(k, ())) for k in ("lost", "gained", "unplaced")),
        )


def shifts(
    before: Mapping[Key, SkillProgress],
    after: Mapping[Key, SkillProgress],
    params_for: Callable[[str, str], Mastery],
    params_before: Callable[[str, str], Mastery] | None = None,
) -> list[Shift]:
    """The learners whose standing differs between `before` and `after` (skill progress by
    learner, pack and skill), pack by pack, as every view counts it: mastered
    (`standing.counts_as_mastered`) and placed out (`standing.is_placed_out`). `before` is read
    by the rules it was made under, `params_before` (a pack installed again may have changed
    them), `after` by `params_for`."""
    found: dict[tuple[str, str], dict[str, set[str]]] = {}
    for key in sorted(set(before) | set(after)):
        params = params_for(key[1], key[2])
        earlier = params_before(key[1], key[2]) if params_before is not None else params
        old, new = before.get(key), after.get(key)
        was = old is not None and counts_as_mastered(old, earlier)
        now = new is not None and counts_as_mastered(new, params)
        placed = old is not None and is_placed_out(old, earlier)
        still = now or (new is not None and is_placed_out(new, params))
        change = "lost" if was and not now else "gained" if now and not was else ""
        if placed and not still:
            change = "unplaced"
        if change:
            found.setdefault(key[:2], {}).setdefault(change, set()).add(key[2])
    return [
        Shift(
            learner_id,
            pack_id,
            *(tuple(sorted(skills.get(k, ()))) for k in ("lost", "gained", "unplaced")),
        )
        for (learner_id, pack_id), skills in sorted(found.items())
    ]
