"""Export: every platform from one decode (reframe, brand per safe area, encode, check)."""

from vidjourn.stages.registry import Room

ROOM = Room(name="export", stage="vidjourn.stages.export.stage:STAGE",
            produces=("outputs",), consumes=("clips", "mask", "captions"),
            commands={"export": "vidjourn.stages.export.command:export", "check": "vidjourn.stages.export.command:check"},
            help={"export": "cli.export_help", "check": "cli.check_help"}, order=50,
            demo=(("export.demo_stage", "vidjourn.stages.export.demo:export_step"),))
