"""Message catalogues, one module per area. Each key maps to {"id": ..., "en": ...}."""
