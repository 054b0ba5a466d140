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
        "id": "Preset branding {name!r} tidak ditemukan. Yang tersedia: {names}. Lihat `vidjourn presets list`.",
        "en": "No brand preset named {name!r}. Available: {names}. See `vidjourn presets list`.",
    },
    "brand.problem.unknown_key": {"id": "kunci tidak dikenal (salah ketik?)", "en": "unknown key (a typo?)"},
    "brand.problem.missing": {"id": "wajib diisi", "en": "required"},
    "brand.problem.got": {"id": "tertulis", "en": "got"},
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
