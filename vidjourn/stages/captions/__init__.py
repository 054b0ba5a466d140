"""Captions: offline speech recognition drafts an SRT per clip; approved captions are burned in."""

from vidjourn.stages.registry import Room

ROOM = Room(name="captions", stage="vidjourn.stages.captions.stage:STAGE",
            produces=("captions",), consumes=("clips",),
            commands={"captions": "vidjourn.stages.captions.command:captions"},
            help={"captions": "cli.captions_help"}, order=45,
            doctor="vidjourn.stages.captions.doctor:captions_status")
