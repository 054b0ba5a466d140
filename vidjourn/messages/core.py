"""Messages shared by every stage: errors, the ffmpeg runner, the CLI frame."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.prefix": {"id": "Galat", "en": "Error"},
    "error.output_exists": {
        "id": "{path}: berkas keluaran sudah ada. Tambahkan --force untuk menimpanya.",
        "en": "{path}: the output file already exists. Add --force to overwrite it.",
    },
    "error.file_missing": {
        "id": "{path}: berkas atau folder tidak ditemukan. Periksa ejaan jalurnya.",
        "en": "{path}: no such file or folder. Check the path for typos.",
    },
    "error.not_media": {
        "id": "{path}: bukan video yang dapat dibaca ({reason}). Pastikan ini berkas video asli dari kamera/ponsel dan salin ulang bila rusak.",
        "en": "{path}: not a readable video ({reason}). Make sure it is an original camera/phone video file, and copy it again if it is damaged.",
    },
    "error.empty_file": {
        "id": "{path}: berkas kosong (0 bita). Salin ulang dari kamera atau ponsel.",
        "en": "{path}: the file is empty (0 bytes). Copy it again from the camera or phone.",
    },
    "error.ffmpeg_not_found": {
        "id": "ffmpeg tidak ditemukan ({detail}). Pasang ulang vidjourn (pip install --force-reinstall imageio-ffmpeg) atau arahkan VIDJOURN_FFMPEG ke berkas ffmpeg.",
        "en": "ffmpeg not found ({detail}). Reinstall vidjourn (pip install --force-reinstall imageio-ffmpeg) or point VIDJOURN_FFMPEG at an ffmpeg binary.",
    },
    "error.ffmpeg_failed": {
        "id": "ffmpeg gagal memproses {path} (kode {code}). Pesan terakhir ffmpeg:\n{stderr}\nJalankan dengan -v untuk melihat perintah lengkapnya.",
        "en": "ffmpeg failed on {path} (exit code {code}). ffmpeg's last words:\n{stderr}\nRun with -v to see the full command.",
    },
    "error.cancelled": {
        "id": "Dibatalkan. Berkas yang belum selesai sudah dihapus; jalankan ulang perintah yang sama untuk melanjutkan.",
        "en": "Cancelled. Unfinished files were removed; run the same command again to carry on.",
    },
    "error.not_assignment": {
        "id": "{path}: bukan folder penugasan (tidak ada vidjourn.yaml). Buat dengan `vidjourn init SLUG` atau pilih folder dengan -p.",
        "en": "{path}: not an assignment folder (no vidjourn.yaml). Create one with `vidjourn init SLUG` or choose a folder with -p.",
    },
    "error.bad_yaml": {
        "id": "{path}: YAML tidak valid ({reason}). Perbaiki baris yang disebut lalu coba lagi.",
        "en": "{path}: invalid YAML ({reason}). Fix the line it names and try again.",
    },
    "error.bad_manifest": {
        "id": "{path}: manifest rusak ({reason}). Pulihkan dari cadangan atau jalankan ulang ingest ke folder baru.",
        "en": "{path}: the manifest is damaged ({reason}). Restore it from a backup or ingest again into a new folder.",
    },
    "error.bad_time": {
        "id": "Waktu tidak dikenali: {value!r}. Tulis detik (12.5) atau mm:dd (01:30).",
        "en": "Unrecognised time: {value!r}. Write seconds (12.5) or mm:ss (01:30).",
    },
    "cli.verbose_cmd": {"id": "perintah: {cmd}", "en": "command: {cmd}"},
    "cli.lang_help": {
        "id": "Bahasa pesan: id (Indonesia) atau en (Inggris). Bawaan dari locale atau VIDJOURN_LANG.",
        "en": "Message language: id (Indonesian) or en (English). Default from the locale or VIDJOURN_LANG.",
    },
    "cli.verbose_help": {
        "id": "Tampilkan detail, termasuk setiap perintah ffmpeg (bisa disalin ke shell).",
        "en": "Show details, including every ffmpeg command (ready to paste into a shell).",
    },
    "cli.quiet_help": {"id": "Hanya tampilkan galat.", "en": "Show errors only."},
    "cli.json_help": {
        "id": "Keluaran JSON untuk skrip.",
        "en": "JSON output for scripts.",
    },
    "cli.force_help": {
        "id": "Timpa berkas keluaran yang sudah ada.",
        "en": "Overwrite existing output files.",
    },
    "cli.project_help": {
        "id": "Folder penugasan (bawaan: folder ini).",
        "en": "Assignment folder (default: the current folder).",
    },
    "cli.root_help": {
        "id": "vidjourn — perangkat video jurnalistik: ingest, branding, ekspor ke media sosial, shot log.\n\nContoh:\n\n  vidjourn demo\n\n  vidjourn init 2026-11-12_pelatihan && vidjourn ingest DCIM/ -p 2026-11-12_pelatihan\n\nKode keluar: 0 berhasil, 1 ada item gagal, 2 salah penggunaan, 130 dibatalkan.",
        "en": "vidjourn — video journalism toolkit: ingest, branding, social export, shot log.\n\nExamples:\n\n  vidjourn demo\n\n  vidjourn init 2026-11-12_training && vidjourn ingest DCIM/ -p 2026-11-12_training\n\nExit codes: 0 ok, 1 some item failed, 2 usage error, 130 cancelled.",
    },
    "cli.probe_help": {
        "id": "Tampilkan fakta teknis sebuah berkas media (tanpa ffprobe).\n\nContoh:\n\n  vidjourn probe klip.mp4 --json",
        "en": "Show the technical facts of a media file (no ffprobe needed).\n\nExample:\n\n  vidjourn probe clip.mp4 --json",
    },
    "probe.duration": {"id": "Durasi", "en": "Duration"},
    "probe.container": {"id": "Kontainer", "en": "Container"},
    "probe.display": {"id": "Tampilan", "en": "Display"},
    "probe.size": {"id": "Ukuran", "en": "Size"},
    "probe.created": {"id": "Dibuat", "en": "Created"},
    "probe.gps": {"id": "GPS", "en": "GPS"},
    "probe.device": {"id": "Perangkat", "en": "Device"},
    "probe.streams": {"id": "Stream", "en": "Streams"},
    "probe.none": {"id": "tidak ada", "en": "none"},
    "probe.vfr": {"id": "laju bingkai berubah (VFR)", "en": "variable frame rate (VFR)"},
    "probe.interlaced": {"id": "interlace", "en": "interlaced"},
    "probe.rotation": {"id": "rotasi {deg}°", "en": "rotation {deg}°"},
}
