"""The themes a learner can choose in the settings: dark, light, and high contrast."""

from __future__ import annotations

from textual.theme import Theme

# White and yellow on black, every text at full strength (no muted greys), for low vision.
HIGH_CONTRAST = Theme(
    name="tutor-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF6060",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "foreground-muted": "#FFFFFF",
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-blurred-background": "#808000",
        "block-cursor-blurred-foreground": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#FFFF00 50%",
    },
)

# Each theme offered in the settings, by its name there.
THEMES = {
    "Dark": "textual-dark",
    "Light": "textual-light",
    "High contrast": HIGH_CONTRAST.name,
}
