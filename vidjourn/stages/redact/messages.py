"""Messages of redaction: face analysis, redact.yaml, review sheets, approval, `vidjourn redact`."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- errors ---------------------------------------------------------------------------------
    "redact.error.no_extra": {
        "id": "Penyamaran wajah belum terpasang (model CenterFace, OpenCV dan onnxruntime). Pasang dengan: pip install \"vidjourn[redact]\"",
        "en": "Face redaction is not installed (the CenterFace model, OpenCV and onnxruntime). Install it with: pip install \"vidjourn[redact]\"",
    },
    "redact.error.no_model": {
        "id": "Paket {package} terpasang tetapi berkas model centerface.onnx tidak ada di dalamnya. Pasang ulang: pip install --force-reinstall \"vidjourn[redact]\"",
        "en": "The {package} package is installed but has no centerface.onnx model file. Reinstall it: pip install --force-reinstall \"vidjourn[redact]\"",
    },
    "redact.error.bad_model": {
        "id": "{path}: OpenCV tidak dapat membaca model wajah ({reason}). Pasang ulang: pip install --force-reinstall \"vidjourn[redact]\"",
        "en": "{path}: OpenCV could not read the face model ({reason}). Reinstall it: pip install --force-reinstall \"vidjourn[redact]\"",
    },
    "redact.error.no_video": {
        "id": "{path}: tidak ada gambar video; penyamaran hanya untuk klip video. Keluarkan berkas ini dari daftar.",
        "en": "{path}: no video pictures; redaction is for video clips only. Leave this file out.",
    },
    "redact.error.bad_timing": {
        "id": "{path}: waktu (pts) tiap frame tidak dapat dibaca, sehingga masker tidak bisa ditempatkan tepat. Jalankan dengan -v dan laporkan perintah ffmpeg-nya.",
        "en": "{path}: the time (pts) of each frame could not be read, so masks cannot be placed exactly. Run with -v and report the ffmpeg command.",
    },
    "redact.error.decode_failed": {
        "id": "{path}: ffmpeg tidak dapat membaca gambar video ini (kode {code}). Periksa berkasnya dengan `vidjourn probe`; salin ulang dari kamera bila rusak.",
        "en": "{path}: ffmpeg could not read this video's pictures (exit code {code}). Check the file with `vidjourn probe`; copy it again from the camera if it is damaged.",
    },
    "redact.error.follow_failed": {
        "id": "{path}: kotak yang diikuti (track: true) dimulai pada {time} detik, setelah akhir klip. Perbaiki waktu keyframe pertamanya di redact.yaml.",
        "en": "{path}: the followed box (track: true) starts at {time} s, after the clip ends. Fix its first keyframe's time in redact.yaml.",
    },
    "redact.error.yaml_syntax": {
        "id": "{path}: bukan YAML yang valid. Perbaiki baris yang disebut:\n{problems}",
        "en": "{path}: not valid YAML. Fix the line named below:\n{problems}",
    },
    "redact.error.yaml_invalid": {
        "id": "{path}: ada isian yang salah. Perbaiki semuanya lalu jalankan lagi (contoh lengkap ada di README, bagian Penyamaran):\n{problems}",
        "en": "{path}: some entries are wrong. Fix them all, then run again (a full example is in the README, section Redaction):\n{problems}",
    },
    "redact.error.story_invalid": {
        "id": "{path}: bagian redact: salah. Perbaiki semuanya lalu jalankan lagi:\n{problems}",
        "en": "{path}: the redact: section is wrong. Fix it all, then run again:\n{problems}",
    },
    "redact.error.no_clips": {
        "id": "{path}: penugasan ini belum punya klip. Jalankan dulu `vidjourn ingest`.",
        "en": "{path}: this assignment has no clips yet. Run `vidjourn ingest` first.",
    },
    "redact.error.unknown_clip": {
        "id": "{name}: bukan klip penugasan {path}. Sebut nama berkas, id atau sha256 dari manifest.json.",
        "en": "{name}: not a clip of the assignment {path}. Name a file, id or sha256 from manifest.json.",
    },
    "redact.error.no_sha": {
        "id": "{path}: manifest tidak mencatat sha256 klip ini. Jalankan `vidjourn ingest` lagi untuk klip ini.",
        "en": "{path}: the manifest has no sha256 for this clip. Run `vidjourn ingest` again for it.",
    },
    "redact.error.approve_unanalyzed": {
        "id": "{clip}: wajah belum dianalisis, jadi belum ada yang bisa disetujui. Jalankan `vidjourn redact analyze {clip}` lalu `vidjourn redact review`.",
        "en": "{clip}: faces have not been analysed, so there is nothing to approve yet. Run `vidjourn redact analyze {clip}`, then `vidjourn redact review`.",
    },
    "render.bad_mask_mode": {
        "id": "Mode penyamaran tidak dikenal: {value}. Pilih salah satu: {choices}.",
        "en": "Unknown redaction mode: {value}. Choose one of: {choices}.",
    },
    # --- blocks (export refuses a clip) ----------------------------------------------------------
    "redact.block.not_analyzed": {
        "id": "{clip}: wajib disamarkan tetapi wajahnya belum dianalisis; tidak diterbitkan. Jalankan `vidjourn redact analyze {clip}`, periksa `vidjourn redact review`, lalu `vidjourn redact approve {clip}`.",
        "en": "{clip}: must be redacted but its faces have not been analysed; not published. Run `vidjourn redact analyze {clip}`, check `vidjourn redact review`, then `vidjourn redact approve {clip}`.",
    },
    "redact.block.not_approved": {
        "id": "{clip}: penyamaran wajib disetujui sebelum terbit; belum ada persetujuan. Periksa lembar `vidjourn redact review`, lalu `vidjourn redact approve {clip}`.",
        "en": "{clip}: redaction must be approved before publishing and it is not. Check the sheet from `vidjourn redact review`, then run `vidjourn redact approve {clip}`.",
    },
    "redact.block.void": {
        "id": "{clip}: persetujuan penyamaran batal karena analisis, redact.yaml atau pengaturannya berubah sejak disetujui; tidak diterbitkan. Periksa lagi `vidjourn redact review`, lalu `vidjourn redact approve {clip}`.",
        "en": "{clip}: the redaction approval is void because the analysis, redact.yaml or the settings changed since; not published. Check `vidjourn redact review` again, then run `vidjourn redact approve {clip}`.",
    },
    # --- redact.yaml problems (one line each, after the key path) --------------------------------
    "redact.yaml.bad_time": {
        "id": "waktu {value!r} tidak dikenal; tulis detik (12.5) atau kode waktu (00:01:02.5)",
        "en": "time {value!r} not understood; write seconds (12.5) or a timecode (00:01:02.5)",
    },
    "redact.yaml.bad_box": {
        "id": "kotak {value!r} salah; tulis [x, y, lebar, tinggi] dalam piksel gambar tegak, lebar dan tinggi > 0",
        "en": "box {value!r} is wrong; write [x, y, width, height] in pixels of the upright picture, width and height > 0",
    },
    "redact.yaml.bad_choice": {
        "id": "{value!r} bukan pilihan yang dikenal; tulis salah satu dari {choices}",
        "en": "{value!r} is not a known choice; write one of {choices}",
    },
    "redact.yaml.not_mapping": {
        "id": "isinya harus pasangan sha256-klip: isian",
        "en": "the content must be clip-sha256: entries",
    },
    "redact.yaml.bad_sha": {
        "id": "kunci harus sha256 klip (64 huruf heksadesimal kecil, lihat manifest.json atau lembar tinjauan)",
        "en": "the key must be the clip's sha256 (64 lower-case hex characters, see manifest.json or the review sheet)",
    },
    "redact.yaml.keyframe_order": {
        "id": "keyframe harus urut menurut waktu (t)",
        "en": "keyframes must be in time order (t)",
    },
    "redact.yaml.off_frame": {
        "id": "kotak {value} tidak mengenai gambar ({width}x{height} piksel), jadi tidak menyembunyikan apa pun; periksa angkanya di lembar tinjauan",
        "en": "box {value} has no area on the picture ({width}x{height} pixels), so it hides nothing; check its numbers against the review sheet",
    },
    "redact.yaml.after_end": {
        "id": "waktu {value} d sesudah akhir klip ({duration} d); tulis waktu di dalam klip",
        "en": "time {value} s is after the clip's end ({duration} s); write a time inside the clip",
    },
    "redact.yaml.hides_nothing": {
        "id": "wilayah ini tidak menutupi satu gambar pun (waktunya di antara dua gambar atau di luar klip); perbaiki waktunya",
        "en": "this region covers no frame of the clip (its time falls between two frames or outside the clip); fix its times",
    },
    "redact.yaml.range_order": {
        "id": "'to' harus sesudah 'from'",
        "en": "'to' must come after 'from'",
    },
    "redact.yaml.keep_one": {
        "id": "tulis tepat satu: box (wilayah yang dibiarkan terlihat) atau track (nomor jejak di lembar tinjauan)",
        "en": "write exactly one: box (an area left visible) or track (a track number from the review sheet)",
    },
    # --- CLI -------------------------------------------------------------------------------------
    "cli.redact_help": {
        "id": "Penyamaran: wajah otomatis, wilayah dan plat nomor dengan tangan (redact.yaml), tinjauan, persetujuan.\n\nContoh:\n\n  vidjourn redact analyze -p 2026-11-12_pelatihan\n\n  vidjourn redact approve klip001 --by 'Bripka Dewi'",
        "en": "Redaction: faces automatically, regions and plates by hand (redact.yaml), review, approval.\n\nExamples:\n\n  vidjourn redact analyze -p 2026-11-12_training\n\n  vidjourn redact approve clip001 --by 'Bripka Dewi'",
    },
    "cli.redact_analyze_help": {
        "id": "Cari dan lacak wajah di klip (semua, atau yang disebut). Hasil disimpan per sha256 klip.\n\nContoh:\n\n  vidjourn redact analyze\n\n  vidjourn redact analyze klip001 klip002 -p 2026-11-12_pelatihan",
        "en": "Find and track the faces in the clips (all, or those named). Results are kept per clip sha256.\n\nExamples:\n\n  vidjourn redact analyze\n\n  vidjourn redact analyze clip001 clip002 -p 2026-11-12_training",
    },
    "cli.redact_review_help": {
        "id": "Tulis lembar tinjauan (HTML + PNG) dengan setiap wilayah yang disamarkan diberi garis dan nomor. Ditulis ke redact/review/.\n\nContoh:\n\n  vidjourn redact review\n\n  vidjourn redact review klip001 --every 1",
        "en": "Write review sheets (HTML + PNG) with every hidden region outlined and numbered. Written to redact/review/.\n\nExamples:\n\n  vidjourn redact review\n\n  vidjourn redact review clip001 --every 1",
    },
    "cli.redact_approve_help": {
        "id": "Setujui penyamaran klip (analisis dan redact.yaml saat ini, menurut hash). Perubahan apa pun membatalkannya.\n\nContoh:\n\n  vidjourn redact approve klip001 --by 'Bripka Dewi'",
        "en": "Approve a clip's redaction (the current analysis and redact.yaml, by hash). Any later change voids it.\n\nExamples:\n\n  vidjourn redact approve clip001 --by 'Bripka Dewi'",
    },
    "cli.redact_every_help": {
        "id": "Ambil satu gambar tiap N detik (ditambah awal setiap jejak).",
        "en": "Take a picture every N seconds (plus each track's start).",
    },
    "cli.redact_by_help": {
        "id": "Nama yang menyetujui (bawaan: nama login).",
        "en": "Who approves (default: the login name).",
    },
    "redact.progress_analyze": {"id": "Menganalisis wajah: {name}", "en": "Analysing faces: {name}"},
    "redact.progress_review": {"id": "Lembar tinjauan: {name}", "en": "Review sheet: {name}"},
    "redact.analyzed": {
        "id": "{name}: {tracks} jejak wajah, {frames} frame (deteksi {detect} pada 1 dari {stride} frame{low}){cached}",
        "en": "{name}: {tracks} face tracks, {frames} frames (detection at {detect} on 1 in {stride} frames{low}){cached}",
    },
    "redact.low_pass": {"id": ", {size} pada 1 dari {n}", "en": ", at {size} on 1 in {n}"},
    "redact.analyzed_off": {
        "id": "{name}: wajah tidak dicari (faces: off); {frames} frame, hanya wilayah dari redact.yaml. Untuk mencari wajah, tulis di vidjourn.yaml:  redact: {{faces: auto}}  lalu jalankan lagi.",
        "en": "{name}: faces not searched (faces: off); {frames} frames, only regions from redact.yaml. To find faces, write in vidjourn.yaml:  redact: {{faces: auto}}  then run this again.",
    },
    "redact.cached": {"id": " — dari cache", "en": " — from the cache"},
    "redact.reviewed": {"id": "{name}: {html}\n  {png}", "en": "{name}: {html}\n  {png}"},
    "redact.approved": {
        "id": "{name}: disetujui oleh {by} ({when}). Analisis {analysis}, redact.yaml {yaml}.",
        "en": "{name}: approved by {by} ({when}). Analysis {analysis}, redact.yaml {yaml}.",
    },
    "redact.line_written": {"id": "ditulis: {path}", "en": "written: {path}"},
    "redact.clip_failed": {"id": "{name}: {error}", "en": "{name}: {error}"},
    "redact.summary": {
        "id": "{ok} klip selesai, {failed} gagal.",
        "en": "{ok} clips done, {failed} failed.",
    },
    # --- review sheet ----------------------------------------------------------------------------
    "redact.sheet_title": {"id": "Tinjauan penyamaran: {name}", "en": "Redaction review: {name}"},
    "redact.sheet_intro": {
        "id": "Setiap wilayah yang akan disamarkan diberi garis dan nomor: #N = jejak wajah otomatis, RN = wilayah dari redact.yaml, hijau = dibiarkan terlihat (keep). Periksa setiap gambar: wajah yang tidak bergaris TIDAK akan disamarkan (wajah samping, sangat kecil, tertutup masker). Tambahkan wilayah di redact.yaml bila perlu, lalu `vidjourn redact approve {name}`.",
        "en": "Every region to be hidden is outlined and numbered: #N = automatic face track, RN = region from redact.yaml, green = left visible (keep). Check every picture: a face without an outline will NOT be hidden (profiles, tiny faces, faces behind masks). Add regions to redact.yaml where needed, then run `vidjourn redact approve {name}`.",
    },
    "redact.sheet_status": {"id": "Status persetujuan: {state}", "en": "Approval: {state}"},
    "redact.state_approved": {"id": "disetujui oleh {by} ({when})", "en": "approved by {by} ({when})"},
    "redact.state_void": {
        "id": "BATAL — ada perubahan sejak disetujui oleh {by}",
        "en": "VOID — something changed since {by} approved it",
    },
    "redact.state_none": {"id": "belum disetujui", "en": "not approved"},
    "redact.state_line": {"id": "Disamarkan ({mode}): {what}", "en": "Redacted ({mode}): {what}"},
    "redact.state_faces": {"id": "{n} jejak wajah", "en": "{n} face tracks"},
    "redact.state_regions": {"id": "{n} wilayah dari redact.yaml", "en": "{n} regions from redact.yaml"},
    "redact.state_blank": {"id": "{n} rentang layar hitam", "en": "{n} black ranges"},
    "redact.sheet_facts": {
        "id": "Klip {file} (sha256 {sha}), gambar tegak {w}×{h}, {frames} frame. Deteksi pada {dw}×{dh}, 1 dari {stride} frame{low}. Mode: {mode}.",
        "en": "Clip {file} (sha256 {sha}), upright picture {w}×{h}, {frames} frames. Detection at {dw}×{dh} on 1 in {stride} frames{low}. Mode: {mode}.",
    },
    "redact.col_track": {"id": "Jejak", "en": "Track"},
    "redact.col_from": {"id": "Dari", "en": "From"},
    "redact.col_to": {"id": "Sampai", "en": "To"},
    "redact.col_frames": {"id": "Frame", "en": "Frames"},
    "redact.col_hits": {"id": "Terdeteksi", "en": "Detected"},
    "redact.col_filled": {"id": "Diisi", "en": "Filled"},
    "redact.col_score": {"id": "Skor maks / rata-rata", "en": "Score max / mean"},
    "redact.col_state": {"id": "Keadaan", "en": "State"},
    "redact.kept": {"id": "dibiarkan (keep)", "en": "kept visible (keep)"},
    "redact.hidden": {"id": "disamarkan", "en": "hidden"},
    "redact.low_score": {"id": "skor rendah: periksa", "en": "low score: check"},
    "redact.regions_title": {"id": "Wilayah dari redact.yaml", "en": "Regions from redact.yaml"},
    "redact.blank_title": {"id": "Rentang layar hitam", "en": "Black (blank) ranges"},
    "redact.no_tracks": {"id": "Tidak ada wajah yang ditemukan.", "en": "No faces were found."},
    "redact.frames_title": {"id": "Gambar contoh", "en": "Sampled pictures"},
}
