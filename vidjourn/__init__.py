"""vidjourn — video journalism toolkit (ingest, brand, export, shot log)."""

__version__ = "0.1.0"
