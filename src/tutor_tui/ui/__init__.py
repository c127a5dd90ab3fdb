"""The Textual study app."""
