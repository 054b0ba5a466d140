"""Captions' domain: cues, transcripts and caption files, shared by the captions stage, the
render graph and the shot log (a layer between settings and render)."""
