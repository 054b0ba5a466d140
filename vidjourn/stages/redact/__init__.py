"""Redaction stage: faces found and tracked automatically, regions by hand, review and approval.

``contribute()`` gives export (and brand) the mask of a clip, or a block when its redaction is required
and not approved. See core.py for the files it keeps.
"""

from vidjourn.stages.redact.core import approval_state, approve, clip_jobs, contribute  # noqa: F401
