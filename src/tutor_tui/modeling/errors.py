"""The error a person causes by handing the modelling commands a file they cannot use."""

from __future__ import annotations

from tutor_tui.core.errors import TutorError


class ModelDataError(TutorError):
    """A response log, review log or model file that cannot be read; the message says where."""
