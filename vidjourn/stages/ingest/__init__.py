"""Ingest: originals copied into raw/ byte for byte while hashing, probed, loudness measured; verify."""

from vidjourn.stages.registry import Room

ROOM = Room(name="ingest", stage="vidjourn.stages.ingest.stage:STAGE",
            produces=("clips",), consumes=(),
            commands={"init": "vidjourn.stages.ingest.command:init", "ingest": "vidjourn.stages.ingest.command:ingest", "verify": "vidjourn.stages.ingest.command:verify"},
            help={"init": "cli.init_help", "ingest": "cli.ingest_help", "verify": "cli.verify_help"}, order=10)
