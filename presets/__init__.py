# Built-in presets ship as the package ``vidjourn.presets`` (see pyproject.toml).
