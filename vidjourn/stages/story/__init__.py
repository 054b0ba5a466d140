"""Story: one published video from many clips — story.yaml (the edit as data), a drafted rough cut, quotes
by text, the timeline table, the story sheet, and interchange with editors (OpenTimelineIO, FCP XML, EDL).

The story's render is the ``story`` stage (``stage.py``: every platform in one ffmpeg process)."""

from vidjourn.stages.registry import Room

# consumes: like export, a story is made from the clips with their masks and captions; the demo step
# drafts the story from the demo's clips.
ROOM = Room(name="story", stage="vidjourn.stages.story.stage:STAGE",
            produces=("story",), consumes=("clips", "mask", "captions"),
            commands={"story": "vidjourn.stages.story.command:story"},
            help={"story": "story.help"}, order=48,
            demo=(("story.demo_stage", "vidjourn.stages.story.demo:story_step"),))
