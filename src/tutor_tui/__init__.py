"""tutor-tui: a self-paced personal tutor for the terminal."""

__version__ = "0.1.0"
