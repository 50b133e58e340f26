"""Browser checks of the theme (Playwright + Chromium, axe-core, Nu HTML Checker)."""
