"""Sidecar: a detached C2PA manifest for each original, right after ingest (when signing is on)."""

from vidjourn.stages.registry import Room

ROOM = Room(name="sidecar", stage="vidjourn.stages.sidecar.stage:STAGE",
            produces=("sidecars",), consumes=("clips",),
            commands={},
            help={}, order=100)
