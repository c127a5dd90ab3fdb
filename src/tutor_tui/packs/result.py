"""What loading a pack gives: the pack, or the problems that stop it; light enough to unpickle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tutor_tui.core.content import Pack


@dataclass(frozen=True, slots=True)
class Problem:
    """An error or a warning about a pack, at a place in one of its files."""

    file: str
    line: int
    column: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready values."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class LoadResult:
    """What loading a pack gave: the pack when it is valid, and every problem found."""

    path: str
    pack: Pack | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the pack loaded; warnings do not stop it."""
        return self.pack is not None and not self.errors
