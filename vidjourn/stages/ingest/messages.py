"""Messages of init, ingest and verify."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- init -------------------------------------------------------------------------------------
    "cli.init_help": {
        "id": "Buat folder penugasan baru (satu berita) dengan vidjourn.yaml yang berkomentar.\n\n"
              "Contoh:\n\n  vidjourn init 2026-11-12_pelatihan-video --title \"Pelatihan Video Jurnalistik\"",
        "en": "Create a new assignment folder (one news story) with a commented vidjourn.yaml.\n\n"
              "Example:\n\n  vidjourn init 2026-11-12_video-training --title \"Video Journalism Training\"",
    },
    "cli.init_title_help": {"id": "Judul berita.", "en": "Title of the story."},
    "cli.init_parent_help": {
        "id": "Folder tempat penugasan dibuat (bawaan: folder ini).",
        "en": "Folder to create the assignment in (default: the current folder).",
    },
    "init.done": {
        "id": "Penugasan dibuat: {path}\nIsi 5W1H di {story}, lalu: vidjourn ingest KARTU/DCIM -p {path}",
        "en": "Assignment created: {path}\nFill in the 5W1H in {story}, then: vidjourn ingest CARD/DCIM -p {path}",
    },
    "init.error_exists": {
        "id": "{path}: sudah ada. vidjourn tidak menimpa cerita yang ada; pilih SLUG lain atau sunting berkas itu.",
        "en": "{path}: already exists. vidjourn never overwrites a story; choose another SLUG or edit that file.",
    },
    "init.error_bad_slug": {
        "id": "SLUG {slug!r} tidak berisi huruf atau angka. Contoh SLUG: 2026-11-12_banjir-bekasi",
        "en": "SLUG {slug!r} has no letters or digits. Example SLUG: 2026-11-12_bekasi-flood",
    },
    "init.error_not_folder": {
        "id": "{path}: sudah ada sebagai berkas, bukan folder. Pilih SLUG lain.",
        "en": "{path}: exists as a file, not a folder. Choose another SLUG.",
    },
    "init.yaml_header": {
        "id": "vidjourn.yaml — data berita untuk penugasan ini. Baris yang diawali # adalah komentar.\n"
              "Nama kunci (apa, siapa, ...) jangan diubah; isinya boleh.",
        "en": "vidjourn.yaml — story metadata for this assignment. Lines starting with # are comments.\n"
              "Keep the key names (apa, siapa, ...); change their values.",
    },
    "init.yaml_5w1h": {
        "id": "5W1H: unsur berita (dipakai di lembar rilis dan shot log).",
        "en": "5W1H: the elements of the story (used in the release sheet and shot log).",
    },
    "init.yaml_apa": {"id": "apa yang terjadi", "en": "what happened"},
    "init.yaml_siapa": {"id": "siapa yang terlibat", "en": "who was involved"},
    "init.yaml_kapan": {"id": "kapan (tanggal, jam)", "en": "when (date, time)"},
    "init.yaml_di_mana": {"id": "di mana", "en": "where"},
    "init.yaml_mengapa": {"id": "mengapa", "en": "why"},
    "init.yaml_bagaimana": {"id": "bagaimana kejadiannya", "en": "how it happened"},
    "init.yaml_reporter": {"id": "nama peliput", "en": "reporter's name"},
    "init.yaml_unit": {"id": "satuan, mis. Humas Polres Bekasi", "en": "unit, e.g. Humas Polres Bekasi"},
    "init.yaml_brand": {
        "id": "Preset branding (lihat: vidjourn presets list). Logo satuan Anda, sekali untuk semua penugasan:\nvidjourn presets new humas --logo LOGO.png --unit \"NAMA SATUAN\"",
        "en": "Brand preset (see: vidjourn presets list). Your unit's logo, once for every assignment:\nvidjourn presets new humas --logo LOGO.png --unit \"UNIT NAME\"",
    },
    "init.yaml_platforms": {
        "id": "Platform tujuan ekspor: reels, feed, tiktok, shorts, youtube, facebook, x, whatsapp, whatsapp-status.",
        "en": "Export platforms: reels, feed, tiktok, shorts, youtube, facebook, x, whatsapp, whatsapp-status.",
    },
    "init.yaml_lower_thirds": {
        "id": "Lower third (nama dan jabatan di layar) per klip: clip = nama berkas di raw/ atau id-nya;\n"
              "start/end dalam detik. Id klip baru ada setelah ingest (vidjourn ingest menampilkannya: TANGGAL_slug_001);\n"
              "ganti [] dengan daftar seperti contoh di bawah.",
        "en": "Lower thirds (name and title on screen) per clip: clip = file name in raw/ or its id;\n"
              "start/end in seconds. Clip ids exist after ingest (vidjourn ingest lists them: DATE_slug_001);\n"
              "replace [] with a list like the example below.",
    },
    # --- ingest -----------------------------------------------------------------------------------
    "cli.ingest_help": {
        "id": "Salin klip asli ke raw/ sambil menghitung sha256, catat di manifest.json, ukur loudness.\n\n"
              "Berkas atau folder (termasuk DCIM kamera/ponsel). Berkas asli tidak diubah; duplikat dilewati.\n"
              "Aman dijalankan ulang: yang sudah masuk tidak disalin lagi.\n\n"
              "Contoh:\n\n  vidjourn ingest /media/KARTU/DCIM klip_tambahan.mp4 -p 2026-11-12_pelatihan",
        "en": "Copy original clips into raw/ while hashing (sha256), record them in manifest.json, measure loudness.\n\n"
              "Files or folders (camera/phone DCIM layouts too). Originals are never changed; duplicates are skipped.\n"
              "Safe to re-run: what is already in is not copied again.\n\n"
              "Example:\n\n  vidjourn ingest /media/CARD/DCIM extra_clip.mp4 -p 2026-11-12_training",
    },
    "cli.ingest_no_loudness_help": {
        "id": "Lewati pengukuran loudness (lebih cepat; ekspor akan mengukur sendiri).",
        "en": "Skip the loudness measurement (faster; export will measure itself).",
    },
    "ingest.progress_probe": {"id": "Memeriksa {name}", "en": "Checking {name}"},
    "ingest.progress_copy": {"id": "Menyalin {name}", "en": "Copying {name}"},
    "ingest.progress_loudness": {"id": "Loudness {name}", "en": "Loudness {name}"},
    "ingest.line_ingested": {"id": "✓ {source} → {file}", "en": "✓ {source} → {file}"},
    "ingest.line_already": {
        "id": "= {source}: sudah ada sebagai {file}, dilewati",
        "en": "= {source}: already in as {file}, skipped",
    },
    "ingest.line_duplicate": {
        "id": "= {source}: duplikat dari {file} (sha256 sama), dilewati",
        "en": "= {source}: duplicate of {file} (same sha256), skipped",
    },
    "ingest.line_failed": {"id": "✗ {message}", "en": "✗ {message}"},
    "ingest.summary": {
        "id": "{ingested} masuk, {skipped} dilewati, {failed} gagal, {ignored} bukan video diabaikan.",
        "en": "{ingested} ingested, {skipped} skipped, {failed} failed, {ignored} non-video files ignored.",
    },
    "ingest.error_no_video": {
        "id": "{path}: tidak ada berkas video di folder ini. Periksa foldernya (video kamera biasanya di DCIM/).",
        "en": "{path}: no video files in this folder. Check the folder (camera videos are usually under DCIM/).",
    },
    "ingest.error_copy": {
        "id": "{path}: gagal disalin ({reason}). Periksa ruang disk dan izin folder, lalu jalankan ulang.",
        "en": "{path}: could not be copied ({reason}). Check free disk space and folder permissions, then run again.",
    },
    "ingest.error_locked": {
        "id": "{path}: ingest lain (proses {pid}) sedang berjalan di penugasan ini. Tunggu sampai selesai, lalu jalankan lagi.",
        "en": "{path}: another ingest (process {pid}) is running in this assignment. Wait for it to finish, then run again.",
    },
    "ingest.error_no_sources": {
        "id": "Sebutkan berkas atau folder yang akan di-ingest. Contoh: vidjourn ingest /media/KARTU/DCIM",
        "en": "Name the files or folders to ingest. Example: vidjourn ingest /media/CARD/DCIM",
    },
    # --- verify -----------------------------------------------------------------------------------
    "cli.verify_help": {
        "id": "Hitung ulang sha256 semua berkas di raw/ dan cocokkan dengan manifest.json.\n\n"
              "Melaporkan berkas yang hilang, berubah, atau tidak tercatat; kode keluar 1 bila ada selisih.\n\n"
              "Dengan --provenance FILE: periksa tanda tangan C2PA berkas itu (luring) — tepercaya, ditandatangani "
              "tetapi bukan oleh akar tepercaya, berubah setelah ditandatangani, atau tanpa tanda tangan (dan "
              "apakah ada di register yang diberikan); kode keluar 0 hanya untuk tepercaya.\n\n"
              "Contoh:\n\n  vidjourn verify -p 2026-11-12_pelatihan\n\n"
              "  vidjourn verify --provenance video.mp4 --root root-ca.pem --register register.jsonl",
        "en": "Re-hash every file in raw/ and compare with manifest.json.\n\n"
              "Reports missing, changed and unexpected files; exit code 1 on any mismatch.\n\n"
              "With --provenance FILE: check that file's C2PA signature (offline) — trusted, signed but not by "
              "a trusted root, changed after signing, or no signature (and whether it is in the registers "
              "given); exit code 0 only for trusted.\n\n"
              "Example:\n\n  vidjourn verify -p 2026-11-12_training\n\n"
              "  vidjourn verify --provenance video.mp4 --root root-ca.pem --register register.jsonl",
    },
    "verify.progress": {"id": "Verifikasi {name}", "en": "Verifying {name}"},
    "verify.line_missing": {
        "id": "✗ {file}: HILANG (tercatat di manifest, tidak ada di raw/)",
        "en": "✗ {file}: MISSING (in the manifest, not in raw/)",
    },
    "verify.line_changed": {
        "id": "✗ {file}: BERUBAH (sha256 tidak cocok dengan manifest)",
        "en": "✗ {file}: CHANGED (sha256 does not match the manifest)",
    },
    "verify.line_unexpected": {
        "id": "? {file}: TIDAK TERCATAT di manifest",
        "en": "? {file}: UNEXPECTED (not in the manifest)",
    },
    "verify.passed": {
        "id": "Semua {n} berkas asli utuh (sha256 cocok dengan manifest).",
        "en": "All {n} originals intact (sha256 matches the manifest).",
    },
    "verify.failed": {
        "id": "Verifikasi GAGAL: {missing} hilang, {changed} berubah, {unexpected} tidak tercatat. "
              "Pulihkan berkas asli dari kartu/cadangan; jangan sunting isi raw/.",
        "en": "Verification FAILED: {missing} missing, {changed} changed, {unexpected} unexpected. "
              "Restore the originals from the card or a backup; never edit files in raw/.",
    },
}
