"""The app's widgets: one answer widget per question type, and the mastery bar."""
