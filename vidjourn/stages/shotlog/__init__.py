"""Shot log: shots, thumbnails, notes and the release sheet (HTML, CSV, XLSX, JSON)."""

from vidjourn.stages.registry import Room

ROOM = Room(name="shotlog", stage="vidjourn.stages.shotlog.stage:STAGE",
            produces=("shotlog",), consumes=("clips", "outputs"),
            commands={"shotlog": "vidjourn.stages.shotlog.command:shotlog"},
            help={"shotlog": "cli.shotlog_help"}, order=55,
            demo=(("demo.stage_shotlog", "vidjourn.stages.shotlog.demo:shotlog_step"),))
