"""Brand: a branded master in the source's own geometry (lower thirds, logo, cards); brand presets."""

from vidjourn.stages.registry import Room

ROOM = Room(name="brand", stage="vidjourn.stages.brand.stage:STAGE",
            produces=("master",), consumes=("clips", "mask", "captions"),
            commands={"brand": "vidjourn.stages.brand.command:brand", "presets": "vidjourn.stages.brand.command:presets"},
            help={"brand": "brand.help", "presets": "presets.help"}, order=60,
            demo=(("brand.demo_stage", "vidjourn.stages.brand.demo:brand_step"),),
            doctor="vidjourn.stages.brand.doctor:unit_status")
