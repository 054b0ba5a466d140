"""Messages of the export stage and `vidjourn check` (keys start with export. or check.)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- profile validation --------------------------------------------------------------------------
    "export.problem.not_mapping": {
        "id": "isi berkas harus berupa pemetaan kunci: nilai",
        "en": "the file must be a mapping of key: value",
    },
    "export.error.bad_profile": {
        "id": "{path}: profil platform tidak valid:\n{problems}\nPerbaiki kunci yang disebut lalu coba lagi.",
        "en": "{path}: invalid platform profile:\n{problems}\nFix the keys named above and try again.",
    },
    "export.error.bad_profiles": {
        "id": "Beberapa profil platform tidak valid:\n{problems}\nPerbaiki kunci yang disebut lalu coba lagi.",
        "en": "Some platform profiles are invalid:\n{problems}\nFix the keys named above and try again.",
    },
    "export.error.unknown_profile": {
        "id": "Profil platform '{name}' tidak ada.{hint} Pilihan: {names}. Profil sendiri: taruh {name}.yaml di presets/platforms/ folder penugasan.",
        "en": "No platform profile '{name}'.{hint} Available: {names}. For your own, put {name}.yaml in the assignment's presets/platforms/.",
    },
    # --- export errors ---------------------------------------------------------------------------------
    "export.error.no_clips": {
        "id": "{path}: penugasan ini belum punya klip. Jalankan `vidjourn ingest SUMBER...` dulu, atau sebut berkas klipnya.",
        "en": "{path}: this assignment has no clips yet. Run `vidjourn ingest SRC...` first, or name the clip files.",
    },
    "export.error.no_platforms": {
        "id": "Sebutkan platform tujuan dengan --to, mis. --to reels,whatsapp. Pilihan: {names}.",
        "en": "Name the target platforms with --to, e.g. --to reels,whatsapp. Available: {names}.",
    },
    "export.error.no_video": {
        "id": "{path}: tidak ada gambar video (hanya audio). Ekspor butuh klip video.",
        "en": "{path}: no video picture (audio only). Export needs a video clip.",
    },
    "export.error.bad_range": {
        "id": "{path}: rentang --start {start} / --end {end} kosong atau di luar durasi klip ({duration}). Pilih rentang di dalam klip.",
        "en": "{path}: the --start {start} / --end {end} range is empty or outside the clip ({duration}). Pick a range inside the clip.",
    },
    "export.error.too_long": {
        "id": "{path}: {duration} terlalu panjang untuk {platform} (maks {max}). Potong dengan --start/--end, atau pilih whatsapp-status (dipecah otomatis per 60 dtk) atau youtube.",
        "en": "{path}: {duration} is too long for {platform} (max {max}). Cut it with --start/--end, or pick whatsapp-status (split into 60 s parts by itself) or youtube.",
    },
    "export.error.too_short": {
        "id": "{path}: {duration} terlalu pendek untuk {platform} (min {min}). Pilih rentang yang lebih panjang.",
        "en": "{path}: {duration} is too short for {platform} (min {min}). Pick a longer range.",
    },
    "export.error.cannot_fit": {
        "id": "{path}: tidak muat di batas {cap} MB untuk {platform} dengan kualitas layak ({duration}: hanya {kbps} kbps untuk video, bahkan pada {frame}). Pilihan: pecah klip dengan --start/--end, pakai whatsapp-status (dipecah per 60 dtk), atau kirim sebagai dokumen.",
        "en": "{path}: does not fit {platform}'s {cap} MB cap at a watchable quality ({duration}: only {kbps} kbps for video, even at {frame}). Ways out: split it with --start/--end, use whatsapp-status (60 s parts), or send it as a document.",
    },
    "export.error.over_cap": {
        "id": "{path}: hasil {size} MB melebihi batas {cap} MB untuk {platform}. Laporkan ini sebagai bug; sementara, potong klip dengan --start/--end.",
        "en": "{path}: the result is {size} MB, over {platform}'s {cap} MB cap. Please report this as a bug; meanwhile cut the clip with --start/--end.",
    },
    "export.error.failed_items": {
        "id": "{failed} dari {total} klip gagal diekspor (lihat di atas).",
        "en": "{failed} of {total} clips failed to export (see above).",
    },
    # --- export notes / progress -----------------------------------------------------------------------
    "export.note.padded": {
        "id": "{platform}: klip {duration} diperpanjang ke {min} (bingkai terakhir ditahan) karena minimum platform.",
        "en": "{platform}: the {duration} clip was held on its last frame to reach the platform's {min} minimum.",
    },
    "export.note.trimmed": {
        "id": "{platform}: klip dipotong ke {max} (batas platform).",
        "en": "{platform}: the clip was trimmed to {max} (platform limit).",
    },
    "export.note.split": {
        "id": "{platform}: klip {duration} dipecah menjadi {parts} bagian (maks {max} per bagian).",
        "en": "{platform}: the {duration} clip was split into {parts} parts (at most {max} each).",
    },
    "export.note.smaller_frame": {
        "id": "{platform}: bingkai diperkecil ke {frame} agar muat {cap} MB pada {kbps} kbps.",
        "en": "{platform}: frame lowered to {frame} to fit {cap} MB at {kbps} kbps.",
    },
    "export.note.budget": {
        "id": "{platform}: anggaran video {kbps} kbps agar di bawah {cap} MB.",
        "en": "{platform}: video budget {kbps} kbps to stay under {cap} MB.",
    },
    "export.note.silence": {
        "id": "{platform}: sumber tanpa suara; ditambahkan trek AAC hening (platform mengharapkan audio).",
        "en": "{platform}: the source has no sound; a silent AAC track was added (platforms expect audio).",
    },
    "export.note.measured": {
        "id": "{path}: kenyaringan belum diukur saat ingest; diukur sekarang ({lufs} LUFS).",
        "en": "{path}: loudness was not measured at ingest; measured now ({lufs} LUFS).",
    },
    "export.demo_stage": {"id": "Ekspor ke platform + periksa", "en": "Export to platforms + check"},
    "export.demo_checking": {"id": "Memeriksa {name}", "en": "Checking {name}"},
    "export.demo_output": {
        "id": "{platform}: {n} berkas, semua lulus `vidjourn check`",
        "en": "{platform}: {n} files, all pass `vidjourn check`",
    },
    "export.demo_output_failed": {
        "id": "{platform}: {n} berkas, ada yang TIDAK lulus pemeriksaan (lihat di atas)",
        "en": "{platform}: {n} files, some do NOT pass the check (see above)",
    },
    "export.error.demo": {
        "id": "Ekspor demo tidak sepenuhnya berhasil:\n{problems}",
        "en": "The demo export did not fully succeed:\n{problems}",
    },
    "export.encoder": {"id": "Encoder: {name}", "en": "Encoder: {name}"},
    "export.progress": {"id": "Ekspor {clip} → {targets}", "en": "Export {clip} → {targets}"},
    "export.done": {"id": "{n} berkas siap di {path}", "en": "{n} files ready in {path}"},
    "export.col.clip": {"id": "Klip", "en": "Clip"},
    "export.col.platform": {"id": "Platform", "en": "Platform"},
    "export.col.file": {"id": "Berkas", "en": "File"},
    "export.col.frame": {"id": "Bingkai", "en": "Frame"},
    "export.col.size": {"id": "Ukuran", "en": "Size"},
    "export.col.status": {"id": "Status", "en": "Status"},
    "export.status.ok": {"id": "selesai", "en": "done"},
    "export.status.failed": {"id": "gagal", "en": "failed"},
    # --- CLI help ---------------------------------------------------------------------------------------
    "cli.export_help": {
        "id": "Ekspor klip ke format platform (reels, feed, youtube, whatsapp, ...): satu kali decode untuk semua format, kenyaringan disamakan, metadata pribadi (GPS, perangkat) dibuang, batas ukuran dipatuhi.\n\nContoh:\n\n  vidjourn export --to reels,whatsapp\n\n  vidjourn export raw/2026-11-12_apel_001.mp4 --to youtube --start 0:05 --end 1:20",
        "en": "Export clips to platform formats (reels, feed, youtube, whatsapp, ...): one decode for all formats, loudness matched, private metadata (GPS, device) removed, size caps met.\n\nExample:\n\n  vidjourn export --to reels,whatsapp\n\n  vidjourn export raw/2026-11-12_apel_001.mp4 --to youtube --start 0:05 --end 1:20",
    },
    "cli.export_to_help": {
        "id": "Platform tujuan, dipisah koma: {names}.",
        "en": "Target platforms, comma-separated: {names}.",
    },
    "cli.export_preset_help": {"id": "Preset merek (bawaan: dari vidjourn.yaml).", "en": "Brand preset (default: from vidjourn.yaml)."},
    "cli.export_reframe_help": {
        "id": "Cara mengubah bentuk bingkai: blur (latar kabur), crop (potong), pad (bar hitam), fit. Bawaan: dari profil.",
        "en": "How to change the frame's shape: blur (blurred background), crop, pad (black bars), fit. Default: the profile's.",
    },
    "cli.export_start_help": {"id": "Mulai dari waktu ini (detik atau mm:dd).", "en": "Start at this time (seconds or mm:ss)."},
    "cli.export_end_help": {"id": "Berhenti pada waktu ini (detik atau mm:dd).", "en": "Stop at this time (seconds or mm:ss)."},
    "cli.export_encoder_help": {
        "id": "Encoder H.264: auto (perangkat keras bila terbukti jalan, selain itu x264), x264, nvenc, qsv, vaapi, amf.",
        "en": "H.264 encoder: auto (hardware when proven to work, else x264), x264, nvenc, qsv, vaapi, amf.",
    },
    "cli.export_dry_run_help": {
        "id": "Tampilkan rencana render (ukuran, encoder, audio dan target kenyaringan, batas ukuran) tanpa "
              "mengekspor. Dengan -v juga perintah ffmpeg.",
        "en": "Print the render plan (frame, encoder, audio chain and loudness target, size-cap budget) without "
              "exporting. With -v also the ffmpeg command.",
    },
    "cli.export_keep_metadata_help": {
        "id": "Pertahankan metadata sumber (GPS, perangkat, waktu). Hati-hati: dapat membocorkan lokasi.",
        "en": "Keep the source's metadata (GPS, device, time). Careful: it can reveal the location.",
    },
    "cli.export_speed_help": {
        "id": "Kecepatan: draft = pratinjau cepat (berkas besar); fast = lebih cepat; normal (bawaan) = siap "
              "unggah; best = paling lambat, berkas terkecil. Angka pengukurannya: docs/DESIGN.md (Encoder choices).",
        "en": "Speed: draft = quick preview (big files); fast = quicker; normal (default) = ready to upload; "
              "best = slowest, smallest files. The measurements: docs/DESIGN.md (Encoder choices).",
    },
    "cli.check_help": {
        "id": "Periksa apakah sebuah berkas memenuhi profil platform: kontainer, codec, bingkai, fps, durasi, ukuran, kenyaringan, faststart, metadata pribadi, stream tambahan. Keluar non-nol bila gagal.\n\nContoh:\n\n  vidjourn check out/whatsapp/apel_001.mp4 --to whatsapp",
        "en": "Check whether a file meets a platform profile: container, codecs, frame, fps, duration, size, loudness, faststart, private metadata, extra streams. Exits non-zero when it fails.\n\nExample:\n\n  vidjourn check out/whatsapp/apel_001.mp4 --to whatsapp",
    },
    "cli.check_platform_help": {"id": "Profil platform yang diperiksa (seperti export --to; --platform juga diterima).", "en": "The platform profile to check against (as export --to; --platform is accepted too)."},
    # --- check -------------------------------------------------------------------------------------------
    "check.pass": {"id": "LULUS", "en": "PASS"},
    "check.fail": {"id": "GAGAL", "en": "FAIL"},
    "check.verdict_fail": {
        "id": "{path}: tidak memenuhi {platform}: {reasons}",
        "en": "{path}: does not meet {platform}: {reasons}",
    },
    "check.col.item": {"id": "Butir", "en": "Item"},
    "check.col.value": {"id": "Nilai", "en": "Value"},
    "check.col.want": {"id": "Syarat", "en": "Wanted"},
    "check.col.result": {"id": "Hasil", "en": "Result"},
    "check.item.container": {"id": "kontainer", "en": "container"},
    "check.item.video_codec": {"id": "codec video", "en": "video codec"},
    "check.item.h264_profile": {"id": "profil H.264", "en": "H.264 profile"},
    "check.item.audio_codec": {"id": "codec audio", "en": "audio codec"},
    "check.item.streams": {"id": "stream", "en": "streams"},
    "check.item.frame": {"id": "bingkai", "en": "frame"},
    "check.item.fps": {"id": "fps", "en": "fps"},
    "check.item.cfr": {"id": "fps tetap", "en": "constant fps"},
    "check.item.duration": {"id": "durasi", "en": "duration"},
    "check.item.size": {"id": "ukuran", "en": "size"},
    "check.item.loudness": {"id": "kenyaringan", "en": "loudness"},
    "check.item.true_peak": {"id": "puncak sejati", "en": "true peak"},
    "check.item.faststart": {"id": "faststart (moov di depan)", "en": "faststart (moov first)"},
    "check.item.metadata": {"id": "metadata pribadi", "en": "private metadata"},
    "check.item.audio_rate": {"id": "laju sampel audio", "en": "audio sample rate"},
    "check.value.none": {"id": "tidak ada", "en": "none"},
    "check.value.silent": {"id": "hening (dikecualikan)", "en": "silent (exempt)"},
    "check.value.front": {"id": "moov sebelum mdat", "en": "moov before mdat"},
    "check.value.back": {"id": "moov sesudah mdat", "en": "moov after mdat"},
}
