"""The domain values that a pack's checked schema nodes stand for."""

from __future__ import annotations

from typing import Any

from tutor_tui.core import content as m
from tutor_tui.core.grading import read_number
from tutor_tui.packs import schema as s


def mastery(node: s.MasteryNode) -> m.Mastery:
    """The mastery parameters a `mastery:` map gives."""
    return m.Mastery(
        threshold=node.threshold,
        prior=node.prior,
        learn=node.learn,
        slip=node.slip,
        guess=node.guess,
        min_distinct=node.min_distinct,
    )


def question(node: s.QuestionNode, default_match: m.MatchMode = "normal") -> m.AnyQuestion:
    """The question a checked question node describes; `default_match` is the pack's `match`."""
    common: dict[str, Any] = {
        "id": node.id,
        "prompt": node.prompt,
        "hints": tuple(node.hints),
        "explanation": node.explanation,
        "difficulty": node.difficulty,
        "guess": node.guess,
    }
    if isinstance(node, s.ChoiceNode):
        return m.ChoiceQuestion(
            **common,
            choices=tuple(node.choices),
            answer=node.answer,
            feedback=dict(node.feedback),
            shuffle=node.shuffle,
        )
    if isinstance(node, s.MultiNode):
        return m.MultiQuestion(
            **common, choices=tuple(node.choices), answers=tuple(node.answers), shuffle=node.shuffle
        )
    if isinstance(node, s.TrueFalseNode):
        return m.TrueFalseQuestion(**common, answer=node.answer)
    if isinstance(node, s.ShortNode):
        return m.ShortQuestion(
            **common,
            answers=tuple(node.answers),
            match=node.match or default_match,
            form=node.form,
            feedback=dict(node.feedback),
        )
    if isinstance(node, s.NumericNode):
        if isinstance(node.answer, str):
            answer = float(read_number(node.answer) or 0)
        else:
            answer = float(node.answer)
        percent = isinstance(node.tolerance, str)
        if isinstance(node.tolerance, str):
            tolerance = float(node.tolerance.strip().rstrip("%"))
        else:
            tolerance = float(node.tolerance)
        units = tuple([node.unit] if isinstance(node.unit, str) else node.unit or ())
        return m.NumericQuestion(
            **common,
            answer=answer,
            answer_text=str(node.answer),
            tolerance=tolerance,
            tolerance_is_percent=percent,
            unit=units[0] if units else None,
            units=units,
            form=node.form,
            feedback=dict(node.feedback),
        )
    if isinstance(node, s.OrderNode):
        return m.OrderQuestion(**common, items=tuple(node.items))
    if isinstance(node, s.MatchNode):
        return m.MatchQuestion(
            **common,
            pairs=tuple(m.Pair(left=p.left, right=p.right) for p in node.pairs),
            reuse=node.reuse,
        )
    if isinstance(node, s.ClozeNode):
        return m.ClozeQuestion(
            **common, text=node.text, match=node.match or default_match, form=node.form
        )
    raise TypeError(f"no question type for {type(node).__name__}")
