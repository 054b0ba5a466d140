"""Messages of doctor, demo and the encoder check."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- encoders ---------------------------------------------------------------------------------
    "encoders.error_unknown": {
        "id": "Encoder {choice!r} tidak dikenal. Pilih salah satu: {choices}.",
        "en": "Unknown encoder {choice!r}. Choose one of: {choices}.",
    },
    "encoders.error_not_working": {
        "id": "Encoder {choice} ({name}) tidak bekerja di komputer ini ({detail}). "
              "Yang bekerja: {working}. Pakai --encoder auto, atau lihat vidjourn doctor.",
        "en": "Encoder {choice} ({name}) does not work on this machine ({detail}). "
              "Working here: {working}. Use --encoder auto, or see vidjourn doctor.",
    },
    # --- doctor -----------------------------------------------------------------------------------
    "cli.doctor_help": {
        "id": "Periksa kesiapan komputer ini: ffmpeg, encoder yang benar-benar bekerja (termasuk "
              "perangkat keras: nvenc, qsv, vaapi, amf), filter, font, ruang disk, Python.\n\n"
              "Contoh:\n\n  vidjourn doctor\n\n  vidjourn doctor --refresh --json",
        "en": "Check this machine is ready: ffmpeg, encoders that really work (hardware too: nvenc, "
              "qsv, vaapi, amf), filters, fonts, free disk, Python.\n\n"
              "Example:\n\n  vidjourn doctor\n\n  vidjourn doctor --refresh --json",
    },
    "cli.doctor_refresh_help": {
        "id": "Uji ulang encoder (abaikan hasil tersimpan).",
        "en": "Test the encoders again (ignore the cached result).",
    },
    "doctor.title": {"id": "Pemeriksaan vidjourn", "en": "vidjourn check-up"},
    "doctor.col_item": {"id": "Komponen", "en": "Item"},
    "doctor.col_status": {"id": "Status", "en": "Status"},
    "doctor.col_detail": {"id": "Rincian", "en": "Detail"},
    "doctor.python": {"id": "Python", "en": "Python"},
    "doctor.ffmpeg": {"id": "ffmpeg", "en": "ffmpeg"},
    "doctor.pyav": {"id": "PyAV (probe)", "en": "PyAV (probe)"},
    "doctor.encoder": {"id": "Encoder {name}", "en": "Encoder {name}"},
    "doctor.filter": {"id": "Filter {name}", "en": "Filter {name}"},
    "doctor.fonts": {"id": "Font bawaan", "en": "Bundled fonts"},
    "doctor.disk": {"id": "Ruang disk kosong", "en": "Free disk"},
    "doctor.auto": {"id": "Encoder pilihan otomatis", "en": "Encoder picked by auto"},
    "doctor.ok": {"id": "baik", "en": "ok"},
    "doctor.missing": {"id": "tidak ada", "en": "missing"},
    "doctor.not_working": {"id": "tidak bekerja", "en": "not working"},
    "doctor.hardware": {"id": "perangkat keras", "en": "hardware"},
    "doctor.all_ok": {"id": "Semua siap. Coba: vidjourn demo", "en": "All set. Try: vidjourn demo"},
    "doctor.problem_ffmpeg": {
        "id": "ffmpeg tidak ditemukan ({detail}).", "en": "ffmpeg not found ({detail}).",
    },
    "doctor.problem_x264": {
        "id": "libx264 tidak bekerja: ekspor H.264 tidak mungkin. Pasang ulang: pip install --force-reinstall imageio-ffmpeg",
        "en": "libx264 does not work: no H.264 export possible. Reinstall: pip install --force-reinstall imageio-ffmpeg",
    },
    "doctor.problem_filters": {
        "id": "ffmpeg ini tidak punya {names}. Pakai ffmpeg bawaan vidjourn (hapus VIDJOURN_FFMPEG) atau build yang lengkap.",
        "en": "This ffmpeg lacks {names}. Use vidjourn's bundled ffmpeg (unset VIDJOURN_FFMPEG) or a full build.",
    },
    "doctor.problem_fonts": {
        "id": "Tidak ada font di {path}. Pasang ulang vidjourn.",
        "en": "No fonts in {path}. Reinstall vidjourn.",
    },
    "doctor.problem_disk": {
        "id": "Ruang disk di {path} tinggal {free}. Kosongkan ruang sebelum ekspor.",
        "en": "Only {free} free at {path}. Free some space before exporting.",
    },
    # --- demo -------------------------------------------------------------------------------------
    "cli.demo_help": {
        "id": "Demo tanpa internet dan tanpa rekaman: membuat klip contoh (kamera dan ponsel) di kartu "
              "memori tiruan, lalu menjalankan setiap tahap dengan bilah kemajuan dan ringkasan.\n\n"
              "DIR bawaan: ./vidjourn-demo (dibuat ulang bila berasal dari demo sebelumnya).\n\n"
              "Contoh:\n\n  vidjourn demo\n\n  vidjourn --lang en demo /tmp/latihan",
        "en": "Offline demo with no footage needed: makes sample camera and phone clips on a simulated "
              "memory card, then runs every stage with progress bars and a summary.\n\n"
              "DIR defaults to ./vidjourn-demo (recreated when a previous demo made it).\n\n"
              "Example:\n\n  vidjourn demo\n\n  vidjourn --lang id demo /tmp/workshop",
    },
    "demo.stage_footage": {"id": "Membuat rekaman contoh", "en": "Making sample footage"},
    "demo.stage_init": {"id": "Membuat penugasan", "en": "Creating the assignment"},
    "demo.stage_ingest": {"id": "Ingest + sha256 + loudness", "en": "Ingest + sha256 + loudness"},
    "demo.stage_verify": {"id": "Verifikasi berkas asli", "en": "Verifying the originals"},
    "demo.progress_clip": {"id": "Merekam {name}", "en": "Filming {name}"},
    "demo.out_card": {
        "id": "Kartu memori tiruan: {n} klip, sidecar .THM/.AAE dan satu foto",
        "en": "Simulated memory card: {n} clips, .THM/.AAE sidecars and a photo",
    },
    "demo.out_story": {"id": "Data berita (5W1H, lower third)", "en": "Story metadata (5W1H, lower thirds)"},
    "demo.out_raw": {"id": "{n} berkas asli, hanya-baca", "en": "{n} originals, read-only"},
    "demo.out_manifest": {
        "id": "Manifest: sha256, probe, loudness per klip",
        "en": "Manifest: sha256, probe data, loudness per clip",
    },
    "demo.summary_title": {"id": "Hasil demo", "en": "Demo results"},
    "demo.col_stage": {"id": "Tahap", "en": "Stage"},
    "demo.col_status": {"id": "Status", "en": "Status"},
    "demo.col_time": {"id": "Waktu", "en": "Time"},
    "demo.col_what": {"id": "Apa", "en": "What"},
    "demo.col_where": {"id": "Di mana", "en": "Where"},
    "demo.status_ok": {"id": "selesai", "en": "done"},
    "demo.status_failed": {"id": "gagal", "en": "failed"},
    "demo.made_title": {"id": "Yang dibuat", "en": "What was made"},
    "demo.next": {
        "id": "Selanjutnya (dua perintah; berlaku juga di cmd dan PowerShell):\n  cd \"{path}\"\n  {vidjourn} verify\n({vidjourn}: perintah vidjourn di venv ini; aktifkan venv agar cukup mengetik vidjourn)",
        "en": "Next (two commands; they work in cmd and PowerShell too):\n  cd \"{path}\"\n  {vidjourn} verify\n({vidjourn}: this venv's vidjourn; activate the venv to type just vidjourn)",
    },
    "demo.error_not_empty": {
        "id": "{path}: folder ini sudah berisi berkas lain. Demo hanya memakai folder kosong atau folder demo sebelumnya; pilih DIR lain.",
        "en": "{path}: this folder already holds other files. The demo only uses an empty folder or a previous demo's; choose another DIR.",
    },
    "demo.error_verify": {
        "id": "{path}: verifikasi gagal setelah ingest. Jalankan vidjourn verify -p {path} untuk rinciannya.",
        "en": "{path}: verification failed after ingest. Run vidjourn verify -p {path} for details.",
    },
    "demo.error_skipped": {
        "id": "dilewati: tahap sebelumnya gagal", "en": "skipped: an earlier stage failed",
    },
}
