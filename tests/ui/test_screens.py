"""The screens a learner moves between: what each offers at once, and what its keys do."""

from __future__ import annotations

from typing import Any

from textual.widgets import Tree

from tutor_tui.core.content import Pack, Skill, TrueFalseQuestion, Unit
from tutor_tui.ui.screens import QuestionScreen, SkillMapScreen

SIZE = (80, 24)


def _chain(long: str = "") -> Pack:
    """Three skills, each requiring the one before: the second is a locked branch; each title
    ends with `long`."""
    skills = tuple(
        Skill(
            id=name,
            title=name.title() + long,
            unit="u",
            requires=(before,) if before else (),
            questions=(TrueFalseQuestion(id=f"{name}-tf", skill=name, prompt="Yes?", answer=True),),
        )
        for name, before in (("first", None), ("second", "first"), ("third", "second"))
    )
    units = (Unit(id="u", title="U", skills=tuple(s.id for s in skills)),)
    return Pack(id="chain", title="Chain", version="1.0.0", units=units, skills=skills)


CHAIN = _chain()


def _node(tree: Tree[str], skill_id: str) -> Any:
    line = 0
    while (node := tree.get_node_at_line(line)) is not None:
        if node.data == skill_id:
            return node
        line += 1
    raise AssertionError(f"{skill_id} is not on the map")


async def test_the_skill_map_starts_on_a_skill_to_study_and_enter_on_a_locked_one_keeps_the_map(
    start, ann, drive
) -> None:
    app = start(learner="Ann", packs={CHAIN.id: CHAIN})
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("m")
        assert isinstance(ui.screen, SkillMapScreen)
        tree = ui.screen.query_one(Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data == "first"

        await ui.press("down")  # the second skill: locked, and the third hangs from it
        second = _node(tree, "second")
        assert tree.cursor_node is second and second.is_expanded
        await ui.press("enter")
        assert app.notes[-1] == ("Not ready yet", "Second needs First first.")
        assert second.is_expanded and _node(tree, "third").line > second.line

        await ui.press("up", "enter")  # Enter studies the skill under the cursor
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "first-tf"


async def test_the_skill_map_fits_its_rows_to_the_width_and_says_all_of_the_skill_chosen(
    start, ann, drive
) -> None:
    chain = _chain(" and what follows from it, said at length")
    app = start(learner="Ann", packs={chain.id: chain})
    async with app.run_test(size=(60, 20)) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("m")
        tree = ui.screen.query_one(Tree)
        # No row is cut at the edge: the tree is no wider than its room, its titles shortened.
        assert tree.virtual_size.width <= tree.scrollable_content_region.width
        assert str(_node(tree, "third").label).startswith("🔒 Third and what")
        assert str(_node(tree, "third").label).endswith("… 10%")
        await ui.press("down", "down")  # the third: its title and why in full, under the tree
        assert ui.text("#skill-detail").startswith(f"🔒 {chain.skills[2].title}: ")
        assert ui.text("#skill-detail").endswith(f"; needs {chain.skills[1].title} first")
        # Wider, the rows take their room again: whole titles, bars and states; the cursor
        # stays on its skill, and a branch closed stays closed.
        await ui.press("up", "space")
        assert not _node(tree, "second").is_expanded
        await pilot.resize_terminal(120, 40)
        await ui.settle()
        assert str(_node(tree, "second").label).endswith("10%  locked")
        assert tree.cursor_node is _node(tree, "second")
        assert not _node(tree, "second").is_expanded


async def test_home_follows_the_highlighted_pack_and_continue_studies_it(start, ann, drive) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=(100, 30)) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert ui.text("#next-title") == "Next in Sampler"
        assert ui.text("#next-reason") == "New: Reading fractions, a good place to start"

        await ui.press("down")
        assert ui.text("#next-title") == "Next in Second steps"
        assert ui.text("#next-reason") == "New: Next, a good place to start"
        await ui.press("m")  # the map of the pack highlighted
        assert isinstance(ui.screen, SkillMapScreen) and ui.screen.pack_title == "Second steps"
        await ui.press("escape")

        await pilot.click("#continue")
        await ui.settle()
        assert isinstance(ui.screen, QuestionScreen)
        assert ui.screen.shown.question.id == "next-tf"


async def footer_keys(ui: Any) -> list[str]:
    """The descriptions of the keys the footer on the screen on top offers."""
    from textual.widgets._footer import FooterKey

    await ui.pilot.pause()  # the footer draws its keys once the screen has settled
    return [key.description for key in ui.screen.query(FooterKey)]


async def test_a_dialog_offers_its_own_keys_not_the_screen_below(start, ann, drive) -> None:
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert "Map" in await footer_keys(ui)
        for key in ("s", "g"):
            await ui.press(key)
            assert "Cancel" in await footer_keys(ui)
            assert "Map" not in await footer_keys(ui)
            # Drawn over the footer of the screen below, so that its keys do not show.
            assert ui.screen.query_one("Footer").region.y == SIZE[1] - 1
            await ui.press("escape")


async def test_the_footer_is_built_again_only_when_its_keys_change(start, ann, drive) -> None:
    from textual.widgets._footer import FooterKey

    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.press("s")
        shown = await footer_keys(ui)
        keys = list(ui.screen.query(FooterKey))
        await ui.press("tab")  # from one field to the next: the same keys
        assert ui.app.focused is not None and ui.app.focused.id == "review-cap"
        assert await footer_keys(ui) == shown
        assert all(new is old for new, old in zip(ui.screen.query(FooterKey), keys, strict=True))
        await ui.press("escape")  # home: other keys, built for it
        assert "Map" in await footer_keys(ui) and "Map" not in shown


async def test_the_summary_offers_the_sessions_mistakes_one_by_one(
    start, ann, drive, type_skills
) -> None:
    from tutor_tui.ui.dialogs import SummaryScreen
    from tutor_tui.ui.screens.mistakes import MistakesScreen

    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        ui.app.study("sampler", focus=type_skills["truefalse"].id)
        await ui.settle()
        await ui.press("f", "enter", "enter")  # wrong
        await ui.press("n", "enter")  # not known: a mistake too
        await ui.press("q")
        assert isinstance(ui.screen, SummaryScreen)
        assert "2 mistakes to learn from: press r" in ui.text("#mistakes-offer")
        await ui.press("r")
        assert isinstance(ui.screen, MistakesScreen)
        assert ui.text("#mistake-title") == "Mistake 1 of 2 · Wholes"
        assert ui.text("#mistake-given") == "✗ Your answer: false"
        assert ui.text("#mistake-expected") == "✓ Right: true"
        assert "Three thirds make one whole." in ui.text("#mistake-why")
        await ui.press("right")
        assert ui.text("#mistake-given") == "✗ Your answer: I don't know"
        await ui.press("escape")
        assert isinstance(ui.screen, SummaryScreen)


async def test_the_palette_offers_the_apps_commands_and_help_names_plain_mode(
    start, ann, drive
) -> None:
    from tutor_tui.ui.dialogs import SummaryScreen

    async with start(learner="Ann").run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        await ui.command("skill map")
        assert isinstance(ui.screen, SkillMapScreen)
        await ui.press("escape", "f1")
        said = ui.screen_text()
        assert "screen reader or a braille display" in said
        assert "tutor study --plain" in said
        # Quit from the palette ends a session as q does: with its summary, not at once.
        await ui.press("escape")
        ui.app.study("sampler")
        await ui.settle()
        await ui.command("quit")
        assert isinstance(ui.screen, SummaryScreen)


async def test_a_learners_high_contrast_theme_is_theirs_from_the_start(
    start, store, clock, ann, drive
) -> None:
    from tutor_tui.ui.themes import THEMES

    store.update_settings(ann.id, {"theme": THEMES["High contrast"]}, clock.now())
    app = start(learner="Ann")
    async with app.run_test(size=SIZE) as pilot:
        await drive(pilot).settle()
        assert app.theme == "tutor-high-contrast"


async def test_a_screen_taken_away_as_soon_as_it_shows_does_not_fail_on_its_title() -> None:
    # Textual's Header queues its first title, and failed when its screen went before that ran:
    # the app stopped with NoMatches, on a busy machine, where a worker's screen came quickly.
    from textual.app import App, ComposeResult
    from textual.screen import Screen

    from tutor_tui.ui.widgets.title import TitleBar

    class Titled(Screen[None]):
        def compose(self) -> ComposeResult:
            yield TitleBar()

    app: App[None] = App()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(Titled())
        app.pop_screen()
        app.push_screen(Titled())
        app.switch_screen(Titled())
        await pilot.pause()
        app.sub_title = "Ann"
        app.screen.title = "tutor"
        assert "tutor — Ann" in str(app.screen.query_one("HeaderTitle").render())


async def test_a_data_home_that_cannot_be_written_is_said_once_calmly(
    start, ann, drive, store
) -> None:
    store.db.read_only = "/home/ann\x1b[2J/tutor is read-only"
    app = start()
    async with app.run_test(size=SIZE) as pilot:
        await drive(pilot).settle()
        [(title, message)] = app.notes
        assert title == "Read only" and "\x1b" not in message
        assert message.startswith("/home/ann\\x1b[2J/tutor is read-only: ")
        assert "not saved" in message


async def test_the_summary_lists_a_skill_slipped_in_the_session(
    start, store, ann, clock, drive
) -> None:
    from datetime import timedelta

    from tutor_tui.service.tutor import Tutor
    from tutor_tui.ui.dialogs import SummaryScreen

    questions = tuple(
        TrueFalseQuestion(id=f"sums-{n}", skill="sums", prompt=f"{n} + {n} = {2 * n}.", answer=True)
        for n in range(1, 5)
    )
    skill = Skill(id="sums", title="Sums", unit="u", questions=questions)
    pack = Pack(
        id="sums", title="Sums", version="1.0.0",
        units=(Unit(id="u", title="U", skills=("sums",)),), skills=(skill,),
    )  # fmt: skip
    # Ann mastered Sums a month ago.
    tutor = Tutor(store, {pack.id: pack}, clock)
    for question in questions:
        tutor.answer(ann, pack.id, question.id, True)
    assert tutor.skill_reports(ann, pack)[0].mastered
    # A month later, a miss in review: still mastered, one more miss lets it slip.
    clock.at += timedelta(days=30)
    tutor.answer(ann, pack.id, questions[0].id, False)
    assert tutor.skill_reports(ann, pack)[0].mastered
    clock.at += timedelta(days=1)
    async with start(learner="Ann", packs={pack.id: pack}).run_test(size=SIZE) as pilot:
        ui = drive(pilot)
        await ui.settle()
        ui.app.study(pack.id, focus="sums")
        await ui.settle()
        assert isinstance(ui.screen, QuestionScreen)
        await ui.press("f", "enter", "q")  # wrong, stored; its feedback, then leave
        assert isinstance(ui.screen, SummaryScreen)
        lines = ui.screen_text()
        assert "1 answer, 0 right (0%)" in lines
        assert "Slipped: Sums" in lines
        assert "Mastered:" not in lines


async def test_what_a_rebuild_changed_is_read_first_on_a_small_terminal_and_kept_till_closed(
    start, ann, store, drive
) -> None:
    """On the home a 60x20 terminal opened scrolled past the note (the focus on the packs below
    it), which counted as read all the same: a dialog over the home shows it from its first line,
    and it is forgotten only once the learner closes it."""
    import json

    from tutor_tui.core.standing_change import NOTICE_KEY, Shift
    from tutor_tui.ui.dialogs import StandingScreen
    from tutor_tui.ui.screens import HomeScreen

    key = f"{NOTICE_KEY}{ann.id}"
    lost = Shift(ann.id, "sampler", lost=("reading", "halves", "wholes", "[b]x[/b]"))
    store.set_meta(key, json.dumps([lost.to_dict()]))
    app = start(learner="Ann")
    async with app.run_test(size=(60, 20)) as pilot:
        ui = drive(pilot)
        await ui.settle()
        assert isinstance(ui.screen, StandingScreen)
        first = ui.screen.query_one(".standing-line")
        assert str(first.render()).startswith("Sampler: no longer mastered: Reading fractions")
        assert "[b]x[/b]" in str(first.render())  # an id as it is, not markup
        # Its first line is on the screen, not scrolled past.
        assert 0 <= first.region.y < 20 and first.region.height > 0
        assert store.get_meta(key) is not None
        await ui.press("enter")
        assert isinstance(ui.screen, HomeScreen)
        await ui.settle()
        assert store.get_meta(key) is None
