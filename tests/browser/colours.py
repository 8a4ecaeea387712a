"""WCAG contrast between two CSS colours as the browser reports them ("rgb(r, g, b)")."""

from __future__ import annotations


def luminance(rgb: str) -> float:
    parts = [float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")]
    if len(parts) == 4 and parts[3] < 1:
        raise ValueError(f"{rgb} is see-through: its contrast depends on what is behind it")
    r, g, b = (x / 255 for x in parts[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
