"""Names, titles and answers that look like markup are shown as they are, on every screen.

A learner may be named `[/i]` and a pack titled `Intro [/] part`: read as Textual markup, the first
ends the app with an error, a `[@click=...]` name runs an action when clicked, and `[basics]`
loses its word. The app shows them literally: the picker, home, the skill map, a question's
choices, its feedback, and the notes it pops up.
"""

from __future__ import annotations

from typing import Any

from tutor_tui.core.content import (
    ChoiceQuestion,
    MatchQuestion,
    OrderQuestion,
    Pack,
    Pair,
    Skill,
    Unit,
)
from tutor_tui.ui.screens import HomeScreen, LearnerScreen, QuestionScreen, SkillMapScreen

CLICK = "[@click=app.quit]Click me[/]"
NAMES = ("[/i]", CLICK)
PACK_TITLE = "Intro [/] part [link=x]y"
SKILL_TITLE = "Python [basics] [blink]on[/blink]"
CHOICES = ("[/]", "[b]bold[/b]", "Python [basics]")

HOSTILE = Pack(
    id="hostile",
    title=PACK_TITLE,
    version="1.0.0",
    units=(Unit(id="u", title="[/u]", skills=("brackets", "ordering", "matching")),),
    skills=(
        Skill(
            id="brackets",
            title=SKILL_TITLE,
            unit="u",
            questions=(
                ChoiceQuestion(
                    id="pick",
                    skill="brackets",
                    prompt="Which is right?",
                    choices=CHOICES,
                    answer=CHOICES[2],
                    shuffle=False,
                ),
            ),
        ),
        Skill(
            id="ordering",
            title="Order [i]",
            unit="u",
            questions=(OrderQuestion(id="order", skill="ordering", prompt="Order", items=CHOICES),),
        ),
        Skill(
            id="matching",
            title="Match [/]",
            unit="u",
            questions=(
                MatchQuestion(
                    id="match",
                    skill="matching",
                    prompt="Match",
                    pairs=(Pair("[/a]", "[@click=app.bell]b[/]"), Pair("[c]", "[/d]")),
                ),
            ),
        ),
    ),
)


def shown(app: Any) -> str:
    """What the terminal shows now, as lines of text (notifications included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def test_markup_in_names_titles_and_answers_is_shown_literally(
    start, store, clock, drive
) -> None:
    for name in NAMES:
        store.add_learner(name, clock.now())
    app = start(packs={HOSTILE.id: HOSTILE})
    async with app.run_test(size=(100, 30)) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, LearnerScreen)
        screen = shown(app)
        assert all(name in screen for name in NAMES)

        await ui.press("down", "enter")
        assert isinstance(ui.screen, HomeScreen)
        assert app.sub_title == CLICK
        screen = shown(app)
        assert f"Hello, {CLICK}." in screen
        assert PACK_TITLE in screen

        await ui.press("m")
        assert isinstance(ui.screen, SkillMapScreen)
        screen = shown(app)
        assert f"{PACK_TITLE}: skill map" in screen and SKILL_TITLE in screen
        await ui.press("escape")

        for skill in HOSTILE.skills:
            app.study(HOSTILE.id, focus=skill.id)
            await ui.settle()
            assert isinstance(ui.screen, QuestionScreen)
            screen = shown(app)
            assert skill.title in screen
            question = skill.questions[0]
            texts = CHOICES if question.type != "match" else ("[/a]", "[@click=app.bell]b[/]")
            assert all(text in screen for text in texts), screen

        app.study(HOSTILE.id, focus="brackets")
        await ui.settle()
        await ui.press("?")
        await ui.pilot.pause()
        assert SKILL_TITLE in shown(app)  # the reason, above the question
        await ui.press("1", "enter")
        assert "Expected: Python [basics]" in shown(app)
        assert app.return_code is None
