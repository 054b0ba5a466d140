"""Messages of speed, first-file-first and encoder choice (export and run)."""

MESSAGES: dict[str, dict[str, str]] = {
    "export.first_ready": {
        "id": "SIAP DIKIRIM — {platform} {clip}: {path} (lolos pemeriksaan; platform lain masih diproses)",
        "en": "READY TO SEND — {platform} {clip}: {path} (passed check; the other platforms are still running)",
    },
    "export.eta": {"id": "sisa waktu ~{eta}", "en": "about {eta} left"},
    "encoders.chosen": {
        "id": "Encoder: {name} ({why})",
        "en": "Encoder: {name} ({why})",
    },
    "encoders.why_hardware": {
        "id": "perangkat keras, lolos uji encode satu frame",
        "en": "hardware, passed a one-frame test encode",
    },
    "encoders.why_fallback": {
        "id": "tidak ada encoder perangkat keras yang bekerja di sini: {detail}",
        "en": "no hardware encoder works here: {detail}",
    },
    "encoders.why_asked": {"id": "dipilih dengan --encoder", "en": "chosen with --encoder"},
}
