# Built-in presets ship as the package ``vidjourn.builtin_presets`` (see pyproject.toml).
