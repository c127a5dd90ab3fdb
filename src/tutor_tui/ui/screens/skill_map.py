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
        "ready": "○",
        "locked": "🔒",
    }

    def __init__(self, title: str, reports: list[SkillReport]) -> None:
        super().__init__()
        self.pack_title = title
        self.reports = {report.skill.id: report for report in reports}

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
                "↑↓ choose a skill, Enter studies it, space opens or closes a branch",
                id="legend",
            )
            tree: Tree[str] = Tree(Text(self.pack_title), id="skills")
            tree.show_root = False
            yield tree
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        dependents: dict[str, list[str]] = {sid: [] for sid in self.reports}
        for report in self.reports.values():
            for required in report.skill.requires:
                dependents.setdefault(required, []).append(report.skill.id)
        shown: set[str] = set()

        def label(skill_id: str, again: bool = False) -> Text:
            report = self.reports[skill_id]
            text = Text(f"{self.SYMBOLS[report.status]} {report.skill.title} ")
            if again:
                text.append("(see above)", style="dim")
                return text
            text.append(mastery_bar(report.progress.p_known, 8))
            text.append(f"  {report.status}", style="dim")
            return text

        def grow(node: Any, skill_id: str) -> None:
            if skill_id in shown:
                node.add_leaf(label(skill_id, again=True), data=skill_id)
                return
            shown.add(skill_id)
            children = dependents.get(skill_id, [])
            if children:
                branch = node.add(label(skill_id), data=skill_id, expand=True)
                for child in children:
                    grow(branch, child)
            else:
                node.add_leaf(label(skill_id), data=skill_id)

        for skill_id, report in self.reports.items():
            if not report.skill.requires:
                grow(tree.root, skill_id)
        # Enter studies a skill; a branch opens and closes with space alone, so that Enter on a
        # locked skill says why and leaves the map as it was.
        tree.auto_expand = False
        tree.focus()
        tree.move_cursor(self._first_to_study(tree), animate=False)

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
            needs = ", ".join(
                self.reports[r].skill.title
                for r in report.skill.requires
                if not self.reports[r].known
            )
            self.notify(
                f"{report.skill.title} needs {needs} first.", title="Not ready yet", markup=False
            )
            return
        self.dismiss(skill_id)

    def action_dismiss_none(self) -> None:
        """Called to go back without choosing."""
        self.dismiss(None)
