"""Names the CLI offers in help texts and choices, as plain data: importing this costs nothing.

The settings modules that own these names (``vidjourn.settings.speeds``, the built-in platform profiles
in ``presets/platforms/``) are heavy to import (pydantic, YAML); ``vidjourn COMMAND --help`` must not
load them. tests/core/test_startup.py checks these lists against their owners.
"""

SPEEDS = ("draft", "fast", "normal", "best")  # = vidjourn.settings.speeds.NAMES
ENCODERS = ("auto", "x264", "nvenc", "qsv", "vaapi", "amf")
REFRAMES = ("blur", "crop", "pad", "fit")
# The built-in platform profiles (presets/platforms/*.yaml), in the order the help lists them.
PLATFORMS = ("reels", "tiktok", "shorts", "facebook", "feed", "square", "youtube", "x", "whatsapp",
             "whatsapp-status")
