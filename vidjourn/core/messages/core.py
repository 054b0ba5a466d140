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
    "error.bad_ledger": {
        "id": "{path}: ledger rusak ({reason}). Hapus file itu; jalankan ulang dengan --force untuk membuat ulang semua keluaran.",
        "en": "{path}: the ledger is damaged ({reason}). Delete that file, then run again with --force to remake every output.",
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
        "id": "vidjourn — perangkat video jurnalistik: ingest, branding, ekspor ke media sosial, shot log.\n\nContoh:\n\n  vidjourn demo\n\n  vidjourn init 2026-11-12_pelatihan\n\n  vidjourn ingest DCIM/ -p 2026-11-12_pelatihan\n\nKode keluar: 0 berhasil, 1 ada item gagal, 2 salah penggunaan, 130 dibatalkan.",
        "en": "vidjourn — video journalism toolkit: ingest, branding, social export, shot log.\n\nExamples:\n\n  vidjourn demo\n\n  vidjourn init 2026-11-12_training\n\n  vidjourn ingest DCIM/ -p 2026-11-12_training\n\nExit codes: 0 ok, 1 some item failed, 2 usage error, 130 cancelled.",
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
    # click's own texts (vidjourn/cli/click_i18n.py maps click's English to these keys)
    "click.usage": {"id": "Penggunaan:", "en": "Usage:"},
    "click.options": {"id": "Opsi", "en": "Options"},
    "click.commands": {"id": "Perintah", "en": "Commands"},
    "click.arguments": {"id": "Argumen", "en": "Positional arguments"},
    "click.help": {"id": "Tampilkan bantuan ini lalu keluar.", "en": "Show this message and exit."},
    "click.version": {"id": "Tampilkan versi lalu keluar.", "en": "Show the version and exit."},
    "click.error": {"id": "Galat: {message}", "en": "Error: {message}"},
    "click.try_help": {"id": "Lihat '{command} {option}' untuk bantuan.", "en": "Try '{command} {option}' for help."},
    "click.invalid": {"id": "Nilai tidak valid: {message}", "en": "Invalid value: {message}"},
    "click.invalid_for": {
        "id": "Nilai tidak valid untuk {param_hint}: {message}",
        "en": "Invalid value for {param_hint}: {message}",
    },
    "click.missing_argument": {"id": "Argumen belum diisi", "en": "Missing argument"},
    "click.missing_option": {"id": "Opsi belum diisi", "en": "Missing option"},
    "click.missing_parameter": {"id": "Parameter belum diisi", "en": "Missing parameter"},
    "click.missing_command": {"id": "Perintah belum disebut.", "en": "Missing command."},
    "click.no_such_option": {"id": "Opsi {name!r} tidak dikenal.", "en": "No such option {name!r}."},
    "click.no_such_command": {"id": "Perintah {name!r} tidak dikenal.", "en": "No such command {name!r}."},
    "click.did_you_mean": {"id": "Maksud Anda {possibility}?", "en": "Did you mean {possibility}?"},
    "click.did_you_mean_many": {
        "id": "(Maksud Anda salah satu dari: {possibilities}?)",
        "en": "(Did you mean one of: {possibilities}?)",
    },
    "click.extra_args": {"id": "Argumen berlebih ({args})", "en": "Got unexpected extra arguments ({args})"},
    "click.needs_value": {"id": "Opsi {name!r} perlu nilai.", "en": "Option {name!r} requires an argument."},
    "click.needs_values": {
        "id": "Opsi {name!r} perlu {nargs} nilai.", "en": "Option {name!r} requires {nargs} arguments.",
    },
    "click.takes_no_value": {
        "id": "Opsi {name!r} tidak memakai nilai.", "en": "Option {name!r} does not take a value.",
    },
    "click.not_choice": {"id": "{value!r} bukan {choice}.", "en": "{value!r} is not {choice}."},
    "click.not_choices": {
        "id": "{value!r} bukan salah satu dari {choices}.", "en": "{value!r} is not one of {choices}.",
    },
    "click.not_number": {
        "id": "{value!r} bukan {number_type} yang valid.", "en": "{value!r} is not a valid {number_type}.",
    },
    "click.not_in_range": {"id": "{value} di luar rentang {range}.", "en": "{value} is not in the range {range}."},
    "click.path_missing": {"id": "{name} {filename!r} tidak ada.", "en": "{name} {filename!r} does not exist."},
    "click.path_is_file": {"id": "{name} {filename!r} adalah berkas.", "en": "{name} {filename!r} is a file."},
    "click.path_is_dir": {
        "id": "{name} {filename!r} adalah folder.", "en": "{name} {filename!r} is a directory.",
    },
    "click.file": {"id": "Berkas", "en": "File"},
    "click.directory": {"id": "Folder", "en": "Directory"},
    "click.path": {"id": "Jalur", "en": "Path"},
    "click.default": {"id": "bawaan: {default}", "en": "default: {default}"},
    "click.aborted": {"id": "Dibatalkan!", "en": "Aborted!"},
}
