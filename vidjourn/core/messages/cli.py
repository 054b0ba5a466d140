"""Texts shared by every command's options (issue 22: the same option names for the same things)."""

MESSAGES = {
    "cli.dry_run_help": {
        "id": "Tampilkan apa yang akan dibuat atau ditulis, tanpa menulis apa pun.",
        "en": "Show what would be made or written, without writing anything.",
    },
    "cli.dry_run_would_write": {
        "id": "Uji coba (--dry-run): akan menulis {path}",
        "en": "Dry run (--dry-run): would write {path}",
    },
    "cli.dry_run_title": {
        "id": "Uji coba (--dry-run): tidak ada yang ditulis. {todo} dari {total} tugas akan dikerjakan:",
        "en": "Dry run (--dry-run): nothing written. {todo} of {total} tasks would run:",
    },
    # --- the unit's own look (vidjourn/settings/unit.py) -------------------------------------------------
    "unit.error.placeholder": {
        "id": "{path}: preset '{preset}' masih memakai logo contoh (LOGO SATUAN). Berkas untuk publikasi tidak dibuat dengan logo contoh. Pasang logo satuan Anda dengan satu perintah:\n  {fix}",
        "en": "{path}: preset '{preset}' still has the placeholder logo (LOGO SATUAN). Files to publish are not made with it. Put in your unit's logo with one command:\n  {fix}",
    },
    "unit.error.exists": {
        "id": "{path} sudah ada dengan logo lain. Ganti dengan --force, atau pakai nama lain: vidjourn presets new NAMA-LAIN --logo ...",
        "en": "{path} already exists with another logo. Replace it with --force, or use another name: vidjourn presets new OTHER-NAME --logo ...",
    },
    "unit.error.bad_name": {
        "id": "Nama preset '{name}' tidak bisa dipakai: huruf, angka, - _ . saja (contoh: humas, polres-bekasi).",
        "en": "Preset name '{name}' cannot be used: letters, digits, - _ . only (e.g. humas, polres-bekasi).",
    },
    "unit.error.logo_big": {
        "id": "{path}: logo lebih dari {mb} MB. Pakai PNG yang lebih kecil (lebar 1000 px sudah cukup).",
        "en": "{path}: the logo is over {mb} MB. Use a smaller PNG (1000 px wide is plenty).",
    },
    "unit.error.logo_unreadable": {
        "id": "{path}: bukan gambar yang bisa dibaca ({reason}). Pakai PNG (dengan latar transparan) atau JPEG.",
        "en": "{path}: not a picture that can be read ({reason}). Use a PNG (with a transparent background) or a JPEG.",
    },
    "unit.written": {
        "id": "Tampilan satuan ditulis: {path}\nLogo: {logo}\nSemua penugasan dengan brand: {name} memakainya. Periksa: vidjourn presets validate {name}",
        "en": "The unit's look written: {path}\nLogo: {logo}\nEvery assignment with brand: {name} uses it. Check: vidjourn presets validate {name}",
    },
    "unit.unchanged": {
        "id": "Tampilan satuan sudah terpasang (logo sama): {path}",
        "en": "The unit's look is already in place (same logo): {path}",
    },
    "unit.init_hint": {
        "id": "Belum ada logo satuan: preset '{name}' masih memakai logo contoh. Pasang sekali untuk semua penugasan:\n  {fix}",
        "en": "No unit logo yet: preset '{name}' still has the placeholder logo. Put it in once for every assignment:\n  {fix}",
    },
    "cli.presets_new_help": {
        "id": "Tampilan satuan Anda: salin preset bawaan ke folder konfigurasi Anda dengan nama dan logo satuan (PNG atau JPEG). Jalankan sekali; semua penugasan memakainya.\n\nContoh:\n\n  vidjourn presets new humas --logo logo-polres.png --unit \"Humas Polres Contoh\"",
        "en": "Your unit's look: copy a built-in preset into your config folder with the unit's name and logo (PNG or JPEG). Run it once; every assignment uses it.\n\nExample:\n\n  vidjourn presets new humas --logo logo-polres.png --unit \"Humas Polres Contoh\"",
    },
    "cli.presets_logo_help": {"id": "Berkas logo satuan (PNG transparan, atau JPEG).", "en": "The unit's logo file (transparent PNG, or JPEG)."},
    "cli.presets_unit_help": {"id": "Nama satuan (label preset; juga unit: di vidjourn.yaml saat init).", "en": "The unit's name (the preset's label; also unit: in vidjourn.yaml with init)."},
    "cli.presets_from_help": {"id": "Preset bawaan sebagai dasar (bawaan: yang bernama sama, lalu humas).", "en": "The built-in preset to start from (default: the one of the same name, else humas)."},
    "cli.presets_force_help": {"id": "Ganti preset yang sudah ada dengan logo lain.", "en": "Replace an existing preset that has another logo."},
    "init.yaml_demo": {
        "id": "penugasan demo: boleh memakai logo contoh (hapus baris ini untuk publikasi sungguhan)",
        "en": "a demo assignment: the placeholder logo is allowed (remove this line for real publishing)",
    },
    "init.yaml_redact": {
        "id": "Penyamaran wajah dan area (panduan: docs/guide/redaction.md). Hapus tanda # untuk menyalakan:",
        "en": "Hiding faces and areas (guide: docs/guide/redaction.md). Remove the # to turn it on:",
    },
    "init.yaml_redact_faces": {"id": "auto: wajah dicari dan disamarkan; off: hanya area di redact.yaml",
                               "en": "auto: faces found and hidden; off: only the areas in redact.yaml"},
    "init.yaml_redact_mode": {"id": "mosaic | solid | blur", "en": "mosaic | solid | blur"},
    "init.yaml_redact_required": {"id": "ekspor ditahan sampai vidjourn redact approve",
                                  "en": "export waits for vidjourn redact approve"},
    "doctor.unit": {"id": "Tampilan satuan", "en": "Unit's look"},
    "doctor.unit_placeholder": {
        "id": "preset '{name}' masih memakai logo contoh; publikasi ditolak. Perbaiki: {fix}",
        "en": "preset '{name}' still has the placeholder logo; publishing is refused. Fix: {fix}",
    },
    "doctor.redact": {"id": "Penyamaran wajah (tambahan)", "en": "Face redaction (extra)"},
    "doctor.warn": {"id": "perlu tindakan", "en": "needs action"},
    "doctor.ready_but": {"id": "Siap, kecuali {n} hal di atas yang perlu tindakan.", "en": "Ready, except the {n} item(s) above that need action."},
    "run.files_in": {"id": "{folder}: {n} berkas", "en": "{folder}: {n} files"},
    "encoders.why_fallback_short": {
        "id": "tidak ada encoder perangkat keras yang bekerja; rinciannya: -v atau vidjourn doctor",
        "en": "no working hardware encoder; details: -v or vidjourn doctor",
    },
    "check.want.within": {"id": "sisi panjang <= {long}, sisi pendek <= {short}",
                          "en": "<= {long} long side, <= {short} short side"},
    # pydantic error types not worded before (core/validation.py); any other type: "invalid"
    "settings.problem.too_long": {"id": "terlalu panjang (paling banyak {limit})", "en": "too long (at most {limit})"},
    "settings.problem.pattern": {"id": "bentuknya tidak sesuai", "en": "not in the expected form"},
    "settings.problem.date": {"id": "harus tanggal seperti 2026-11-12", "en": "must be a date like 2026-11-12"},
    "ingest.line_clock": {
        "id": "{source}: jam kamera menunjukkan {camera}, jauh dari tanggal penugasan; klip dinamai dengan tanggal penugasan {used}. Periksa jam kamera/HP.",
        "en": "{source}: the camera's clock says {camera}, far from the assignment's date; the clip is named by the assignment's date {used}. Check the camera's/phone's clock.",
    },
    "cli.dry_run_clips": {
        "id": "Uji coba (--dry-run): tidak ada yang ditulis. {step} akan mengerjakan {n} klip: {clips}",
        "en": "Dry run (--dry-run): nothing written. {step} would work on {n} clips: {clips}",
    },
    "run.n_clips": {"id": "{n} tugas", "en": "{n} tasks"},
}
