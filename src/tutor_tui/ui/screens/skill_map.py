"""The skill map: a pack's skills as a tree of what leads to what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import (
    Label,
    Static,
    Tree,
)

from tutor_tui.service.tutor import SkillReport, Tutor
from tutor_tui.ui.widgets.footer import Footer
from tutor_tui.ui.widgets.mastery import mastery_bar
from tutor_tui.ui.widgets.title import TitleBar

if TYPE_CHECKING:
    from tutor_tui.core.learner import Learner


class SkillMapScreen(Screen[str | None]):
    """The pack's skills as a tree of what leads to what, with each skill's state."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Back"),
    ]

    SYMBOLS = {
        "mastered": "✓",
        "review due": "↻",
        "placed out": "»",
        "slipping": "◑",
        "in progress": "◐",
        "held": "◐",  # in progress too: the row's word and the line under the map say held
        "ready": "○",
        "locked": "🔒",
    }

    def __init__(self, title: str, reports: list[SkillReport]) -> None:
        super().__init__()
        self.pack_title = title
        self.reports = {report.skill.id: report for report in reports}
        # The tree's width its rows were made for (None: not yet fitted).
        self._width: int | None = None
        # The skills whose branches the learner closed.
        self._shut: set[str] = set()

    @classmethod
    def load(cls, tutor: Tutor, learner: Learner, pack_id: str) -> SkillMapScreen:
        """The map of the pack, with the learner's state of each skill (slow: call it in a
        worker)."""
        pack = tutor.pack(pack_id)
        return cls(pack.title, tutor.skill_reports(learner, pack))

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="map"):
            yield Label(f"{self.pack_title}: skill map", classes="title", markup=False)
            yield Static(
                "✓ mastered  ↻ review due  » placed out  ◑ slipping  ◐ in progress  ○ ready"
                "  🔒 locked\n"
                "↑↓ choose, Enter studies, space opens or closes a branch",
                id="legend",
            )
            tree: Tree[str] = Tree(Text(self.pack_title), id="skills")
            tree.show_root = False
            yield tree
            yield Static("", id="skill-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        # Enter studies a skill; a branch opens and closes with space alone, so that Enter on a
        # locked skill says why and leaves the map as it was.
        tree.auto_expand = False
        if not tree.root.children:  # not fitted to the width already
            self._grow(tree, None)
        tree.focus()
        tree.move_cursor(self._first_to_study(tree), animate=False)

    def _grow(self, tree: Tree[str], width: int | None) -> None:
        """The tree of skills, each under every skill it requires (in full under the first, a
        line "see above" under the others), every row made to fit `width` (None: no limit)."""
        dependents: dict[str, list[str]] = {sid: [] for sid in self.reports}
        for report in self.reports.values():
            for required in report.skill.requires:
                dependents.setdefault(required, []).append(report.skill.id)
        shown: set[str] = set()

        def grow(node: Any, skill_id: str, depth: int) -> None:
            room = None if width is None else width - depth * tree.guide_depth - 1
            if skill_id in shown:
                node.add_leaf(self._label(skill_id, room, again=True), data=skill_id)
                return
            shown.add(skill_id)
            children = dependents.get(skill_id, [])
            if children:
                # Less the branch's own mark, open or closed.
                label = self._label(skill_id, None if room is None else room - 2)
                branch = node.add(label, data=skill_id, expand=skill_id not in self._shut)
                for child in children:
                    grow(branch, child, depth + 1)
            else:
                node.add_leaf(self._label(skill_id, room), data=skill_id)

        for skill_id, report in self.reports.items():
            if not report.skill.requires:
                grow(tree.root, skill_id, 0)

    def _label(self, skill_id: str, room: int | None = None, again: bool = False) -> Text:
        """A skill's row, made to fit `room` cells (None: no limit)."""
        report = self.reports[skill_id]
        mark = self.SYMBOLS[report.status]
        if again:
            return skill_row(mark, report.skill.title, room, tails=[Text("(see above)", "dim")])
        bar = mastery_bar(report.progress.p_known, 8)
        status = Text(f"  {report.status}", style="dim")
        percent = Text(f"{round(100 * report.progress.p_known)}%")
        return skill_row(mark, report.skill.title, room, tails=[bar + status, bar, percent])

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The rows made again to fit the tree's width, so that none is cut at the edge: a
        narrow terminal drops the status word, then the bar, then shortens the title (the line
        under the tree says all of the skill highlighted), and indents less."""
        tree = self.query_one(Tree)
        width = tree.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        chosen = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.guide_depth = 2 if width < 70 else 4
        tree.clear()
        self._grow(tree, width)
        self.call_after_refresh(self._choose, chosen)

    def _choose(self, skill_id: str | None) -> None:
        """The cursor on the skill's row (its first, in full), or on the first row."""
        tree = self.query_one(Tree)
        nodes = [tree.get_node_at_line(line) for line in range(tree.last_line + 1)]
        found = [node for node in nodes if node is not None and node.data == skill_id]
        tree.move_cursor(found[0] if found else nodes[0] if nodes else None, animate=False)

    @on(Tree.NodeCollapsed)
    @on(Tree.NodeExpanded)
    def _opened(self, event: Tree.NodeCollapsed[str] | Tree.NodeExpanded[str]) -> None:
        """Kept, so that a branch closed stays closed when the rows are made again."""
        if event.node.data is not None:
            if isinstance(event, Tree.NodeCollapsed):
                self._shut.add(event.node.data)
            else:
                self._shut.discard(event.node.data)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        skill_id = event.node.data
        if skill_id is not None:
            self.query_one("#skill-detail", Static).update(self._detail(skill_id))

    def _detail(self, skill_id: str) -> Text:
        """All of a skill, under the tree: its title, state and evidence, what it needs."""
        report = self.reports[skill_id]
        text = Text(f"{self.SYMBOLS[report.status]} {report.skill.title}: ", style="bold")
        text.append(report.standing.evidence())
        if report.status == "locked":
            text.append(f"; needs {self._needs(report)} first")
        return text

    def _needs(self, report: SkillReport) -> str:
        """What a locked skill waits for: the skills it requires not known yet."""
        return ", ".join(
            self.reports[r].skill.title for r in report.skill.requires if not self.reports[r].known
        )

    def _first_to_study(self, tree: Tree[str]) -> Any:
        """The node the cursor starts on: the first skill to study (not mastered, not locked),
        else the first skill."""
        nodes = [tree.get_node_at_line(line) for line in range(tree.last_line + 1)]
        for node in nodes:
            if node is not None and self.reports[str(node.data)].status not in (
                "mastered",
                "locked",
            ):
                return node
        return nodes[0] if nodes else None

    @on(Tree.NodeSelected)
    def _chosen(self, event: Tree.NodeSelected[str]) -> None:
        skill_id = event.node.data
        if skill_id is None:
            return
        report = self.reports[skill_id]
        if report.status == "locked":
            self.notify(
                f"{report.skill.title} needs {self._needs(report)} first.",
                title="Not ready yet",
                markup=False,
            )
            return
        self.dismiss(skill_id)

    def action_dismiss_none(self) -> None:
        """Called to go back without choosing."""
        self.dismiss(None)


def skill_row(mark: str, title: str, room: int | None, tails: list[Text]) -> Text:
    """A skill's row: its mark and title, then the first of `tails` (fullest first) that fits in
    `room` cells; when even the last does not, the title shortened with an ellipsis."""
    head = Text(f"{mark} {title}")
    for tail in tails:
        row = head + " " + tail
        if room is None or row.cell_len <= room:
            return row
    last = tails[-1]
    short = max(room - last.cell_len - 1, len(mark) + 2) if room is not None else 0
    head.truncate(short, overflow="ellipsis")
    return head + " " + last
