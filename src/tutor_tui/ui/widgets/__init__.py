"""The app's widgets: one answer widget per question type, the mastery bar, and the footer."""
