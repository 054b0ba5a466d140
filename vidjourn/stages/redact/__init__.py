"""Redaction: faces found and tracked, regions and plates by hand, reviewed and approved; masks for render."""

from vidjourn.stages.registry import Room

ROOM = Room(name="redact", stage="vidjourn.stages.redact.stage:STAGE",
            produces=("mask",), consumes=("clips",),
            commands={"redact": "vidjourn.stages.redact.command:redact"},
            help={"redact": "cli.redact_help"}, order=40,
            doctor="vidjourn.stages.redact.doctor:redact_status")
