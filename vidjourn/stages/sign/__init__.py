"""Provenance: C2PA signing of every published file, the register, keys."""

from vidjourn.stages.registry import Room

ROOM = Room(name="sign", stage="vidjourn.stages.sign.stage:STAGE",
            produces=("signed",), consumes=("outputs",),
            commands={"keys": "vidjourn.stages.sign.command:keys"},
            help={"keys": "help.keys"}, order=70,
            doctor="vidjourn.stages.sign.doctor:signing_status",
            demo=(("demo.sign_stage", "vidjourn.stages.sign.demo:sign_step"),))
