"""Numbers read from files are finite (issue 19): no size, box, time or level is nan or infinite.

``FINITE`` goes into every pydantic model's ``ConfigDict`` (``ConfigDict(**FINITE, ...)``): a float field
then refuses YAML's ``.nan``/``.inf`` and JSON's ``NaN``/``Infinity`` with the error type
``finite_number``, worded in the user's language by :mod:`vidjourn.core.validation`. Kept free of
pydantic so importing it costs nothing at start-up.
"""

from __future__ import annotations

FINITE = {"allow_inf_nan": False}
