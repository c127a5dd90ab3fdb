"""Errors a person can cause, with messages written for that person."""

from __future__ import annotations


class TutorError(Exception):
    """Something the user asked for cannot be done; the message says what and why.

    The command line prints the message on one line and exits with status 1.
    """


class Damaged(TutorError):
    """The database file is damaged: `tutor doctor` says what, and how to recover."""


class ClockBehind(TutorError):
    """The clock reads far earlier than what the learner last did: one of the two was wrong."""


class NotFound(TutorError):
    """An unknown learner, pack, skill or question."""
