"""Story: one published video from many clips — story.yaml (the edit as data), a drafted rough cut, quotes
by text, the timeline table, the story sheet, and interchange with editors (OpenTimelineIO, FCP XML, EDL).

The story's render is the ``story`` stage (``stage=``), set when the render planner lands."""

from vidjourn.stages.registry import Room

ROOM = Room(name="story", stage=None,
            commands={"story": "vidjourn.stages.story.command:story"},
            help={"story": "story.help"}, order=48)
