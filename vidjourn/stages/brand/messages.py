"""Messages of the branding area: presets, graphics, render engine, subtitles, `brand` and `presets`."""

MESSAGES: dict[str, dict[str, str]] = {
    "render.bad_reframe": {
        "id": "Mode reframe tidak dikenal: {value!r}. Pilih salah satu: {choices}.",
        "en": "Unknown reframe mode {value!r}. Choose one of: {choices}.",
    },
    "render.odd_size": {
        "id": "{path}: ukuran keluaran {width}×{height} harus bilangan genap positif. Ubah lebar/tinggi di profil.",
        "en": "{path}: output size {width}×{height} must be positive even numbers. Change the width/height in the profile.",
    },
    "render.bad_trim": {
        "id": "{path}: potongan {start:.2f}–{end:.2f} d kosong (durasi klip {duration:.2f} d). Periksa waktu mulai/selesai.",
        "en": "{path}: the cut {start:.2f}–{end:.2f} s is empty (the clip lasts {duration:.2f} s). Check the start/end times.",
    },
    "render.no_outputs": {
        "id": "{path}: tidak ada keluaran yang diminta.",
        "en": "{path}: no outputs were requested.",
    },
    "render.analysis_trimmed": {
        "id": "{path}: analisis shot hanya bisa dari klip utuh, bukan potongan --start/--end. Jalankan `vidjourn shotlog` untuk klip itu.",
        "en": "{path}: the shot analysis needs the whole clip, not a --start/--end cut. Run `vidjourn shotlog` for that clip.",
    },
    "render.no_video": {
        "id": "{path}: berkas ini tidak berisi video. Pilih klip video.",
        "en": "{path}: this file has no video stream. Choose a video clip.",
    },
    "render.duplicate_output": {
        "id": "{path}: dua keluaran menulis ke berkas yang sama. Beri nama berbeda.",
        "en": "{path}: two outputs would write the same file. Give them different names.",
    },
    "render.bad_audio_filter": {
        "id": "Filter audio tidak valid: {value!r}. Tulis sebagai nama=kunci=nilai:kunci=nilai.",
        "en": "Invalid audio filter {value!r}. Write it as name=key=value:key=value.",
    },
}
MESSAGES.update({
    "brand.error.bad_preset": {
        "id": "{path}: preset branding berisi kesalahan:\n{problems}\nPerbaiki kunci yang disebut (contoh lengkap: presets/brand/_template.yaml), lalu periksa dengan `vidjourn presets validate {path}`.",
        "en": "{path}: the brand preset has mistakes:\n{problems}\nFix the keys named above (full example: presets/brand/_template.yaml), then check with `vidjourn presets validate {path}`.",
    },
    "brand.error.unknown_preset": {
        "id": "Preset branding {name!r} tidak ditemukan.{hint} Yang tersedia: {names}. Lihat `vidjourn presets list`.",
        "en": "No brand preset named {name!r}.{hint} Available: {names}. See `vidjourn presets list`.",
    },
    "brand.problem.not_mapping": {"id": "isi berkas harus berupa pemetaan kunci: nilai", "en": "the file must be a mapping of key: value"},
    "brand.problem.bad_color": {
        "id": "warna harus ditulis #RRGGBB atau #RRGGBBAA (tertulis {got!r})",
        "en": "colours are written #RRGGBB or #RRGGBBAA (got {got!r})",
    },
    "brand.problem.file_missing": {
        "id": "berkas {file!r} tidak ditemukan (jalur relatif dihitung dari folder preset)",
        "en": "file {file!r} not found (relative paths start at the preset's folder)",
    },
    "brand.problem.not_png": {
        "id": "logo {file!r} harus PNG (dengan transparansi)",
        "en": "the logo {file!r} must be a PNG (with transparency)",
    },
})
MESSAGES.update({
    "brand.error.subs_format": {
        "id": "{path}: format subtitle tidak dikenal. Pakai .srt, .vtt atau .ass.",
        "en": "{path}: unknown subtitle format. Use .srt, .vtt or .ass.",
    },
    "brand.error.subs_unreadable": {
        "id": "{path}: subtitle tidak dapat dibaca ({reason}). Simpan ulang sebagai UTF-8 SRT dari penyunting subtitle.",
        "en": "{path}: the subtitles cannot be read ({reason}). Save them again as UTF-8 SRT from a subtitle editor.",
    },
    "brand.error.subs_empty": {
        "id": "{path}: berkas subtitle tidak berisi baris teks. Periksa isinya.",
        "en": "{path}: the subtitle file has no lines of text. Check its contents.",
    },
})
MESSAGES.update({
    "brand.error.bad_lower_third": {
        "id": "Lower third tidak dikenali: {value!r}. Tulis \"NAMA|JABATAN@MULAI-SELESAI\", mis. \"AKP Budi Santoso|Kasubbag Humas@1.5-6\" atau \"Siti|Warga@00:05-00:09\".",
        "en": "Unrecognised lower third {value!r}. Write \"NAME|TITLE@START-END\", e.g. \"AKP Budi Santoso|Kasubbag Humas@1.5-6\" or \"Siti|Resident@00:05-00:09\".",
    },
    "brand.error.story_lower_third": {
        "id": "{path}: lower_thirds butir ke-{index} salah ({reason}). Tiap butir: {{clip, name, title, start, end}}.",
        "en": "{path}: lower_thirds item {index} is wrong ({reason}). Each item: {{clip, name, title, start, end}}.",
    },
    "brand.error.bad_x264_preset": {
        "id": "Preset x264 tidak dikenal: {value!r}. Pilih: {choices}.",
        "en": "Unknown x264 preset {value!r}. Choose: {choices}.",
    },
    "brand.error.output_is_source": {
        "id": "{path}: keluaran tidak boleh menimpa klip asli. Pilih nama lain dengan -o.",
        "en": "{path}: the output cannot replace the original clip. Choose another name with -o.",
    },
})
MESSAGES.update({
    "brand.demo_stage": {"id": "Branding (lower third, logo, kartu judul)", "en": "Branding (lower third, logo, title cards)"},
    "brand.demo_output": {"id": "Master bermerek", "en": "Branded master"},
    "brand.progress": {"id": "Branding {name}", "en": "Branding {name}"},
    "brand.done": {"id": "Selesai: {path} ({duration:.1f} d, {width}×{height}, preset {preset})",
                   "en": "Done: {path} ({duration:.1f} s, {width}×{height}, preset {preset})"},
    "brand.help": {
        "id": "Beri branding pada klip (lower third, logo, kartu judul/penutup, subtitle) dalam ukuran aslinya: master untuk penyunting.\n\nLower third: \"NAMA|JABATAN@MULAI-SELESAI\" (detik atau mm:dd), boleh diulang; juga dari lower_thirds di vidjourn.yaml.\n\nContoh:\n\n  vidjourn brand raw/20261112_pelatihan_002.mp4 --lower-third \"AKP Budi Santoso|Kasubbag Humas@1.5-6\"\n\n  vidjourn brand klip.mp4 --preset netral --subtitles teks.srt --no-cards -o hasil.mp4",
        "en": "Brand a clip (lower thirds, logo, title/end cards, subtitles) in its own size: a master for editors.\n\nLower third: \"NAME|TITLE@START-END\" (seconds or mm:ss), repeatable; also from lower_thirds in vidjourn.yaml.\n\nExamples:\n\n  vidjourn brand raw/20261112_training_002.mp4 --lower-third \"AKP Budi Santoso|Kasubbag Humas@1.5-6\"\n\n  vidjourn brand clip.mp4 --preset netral --subtitles text.srt --no-cards -o out.mp4",
    },
    "brand.opt_preset": {"id": "Preset branding (nama atau berkas .yaml). Bawaan: brand di vidjourn.yaml, lalu humas.",
                         "en": "Brand preset (a name or a .yaml file). Default: brand in vidjourn.yaml, then humas."},
    "brand.opt_lower_third": {"id": "Lower third \"NAMA|JABATAN@MULAI-SELESAI\"; boleh diulang.",
                              "en": "Lower third \"NAME|TITLE@START-END\"; repeatable."},
    "brand.opt_subtitles": {"id": "Subtitle yang dibakar ke video (.srt, .vtt, .ass).",
                            "en": "Subtitles to burn in (.srt, .vtt, .ass)."},
    "brand.opt_no_cards": {"id": "Tanpa kartu judul dan penutup.", "en": "No title or end card."},
    "brand.opt_output": {"id": "Berkas keluaran (bawaan: out/brand/<klip>.mp4 di penugasan, atau <klip>_brand.mp4).",
                         "en": "Output file (default: out/brand/<clip>.mp4 in the assignment, or <clip>_brand.mp4)."},
    "brand.opt_speed": {"id": "Kecepatan: draft (pratinjau cepat, berkas besar) … best (lambat, berkas terkecil).",
                        "en": "Speed: draft (quick preview, big file) … best (slow, smallest file)."},
    "brand.opt_x264": {"id": "Kecepatan encoder x264 (ultrafast … veryslow); lebih lambat = berkas lebih kecil.",
                       "en": "x264 encoder speed (ultrafast … veryslow); slower = smaller file."},
    "presets.help": {
        "id": "Daftar, tampilkan dan periksa preset branding.\n\nContoh:\n\n  vidjourn presets list\n\n  vidjourn presets validate presets/brand/satuan.yaml",
        "en": "List, show and check brand presets.\n\nExamples:\n\n  vidjourn presets list\n\n  vidjourn presets validate presets/brand/myunit.yaml",
    },
    "presets.list_help": {"id": "Daftar preset branding (urutan cari: penugasan, folder konfigurasi, bawaan).\n\nContoh:\n\n  vidjourn presets list --json",
                          "en": "List brand presets (lookup order: assignment, config folder, built-in).\n\nExample:\n\n  vidjourn presets list --json"},
    "presets.show_help": {"id": "Tampilkan isi preset setelah divalidasi (semua nilai, termasuk bawaan).\n\nContoh:\n\n  vidjourn presets show humas",
                          "en": "Show a preset after validation (every value, defaults included).\n\nExample:\n\n  vidjourn presets show humas"},
    "presets.validate_help": {"id": "Periksa preset (nama atau berkas); tanpa argumen: semua. Kode keluar 1 bila ada yang salah.\n\nContoh:\n\n  vidjourn presets validate satuan.yaml",
                              "en": "Check presets (names or files); no argument: all of them. Exit code 1 if any is wrong.\n\nExample:\n\n  vidjourn presets validate myunit.yaml"},
    "presets.col_name": {"id": "Nama", "en": "Name"},
    "presets.col_origin": {"id": "Asal", "en": "Origin"},
    "presets.col_label": {"id": "Keterangan", "en": "Label"},
    "presets.col_file": {"id": "Berkas", "en": "File"},
    "presets.origin_builtin": {"id": "bawaan", "en": "built-in"},
    "presets.origin_user": {"id": "konfigurasi pengguna", "en": "user config"},
    "presets.origin_assignment": {"id": "penugasan", "en": "assignment"},
    "presets.origin_path": {"id": "jalur", "en": "path"},
    "presets.valid": {"id": "{path}: OK", "en": "{path}: OK"},
    "presets.invalid_count": {"id": "{n} preset berisi kesalahan.", "en": "{n} preset(s) have mistakes."},
})
MESSAGES.update({
})
