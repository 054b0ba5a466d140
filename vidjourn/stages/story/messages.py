"""Messages of the story room: story.yaml validation, draft, quote, show, the sheet, timeline interchange."""

MESSAGES: dict[str, dict[str, str]] = {
    "story.help": {
        "id": "Cerita: satu video dari banyak klip (story.yaml): draft, quote, show, sheet, export-timeline, import.\n\nContoh:\n\n  vidjourn story draft --length 60 --for reels\n\n  vidjourn story show",
        "en": "Story: one video from many clips (story.yaml): draft, quote, show, sheet, export-timeline, import.\n\nExamples:\n\n  vidjourn story draft --length 60 --for reels\n\n  vidjourn story show",
    },
    "story.check_help": {
        "id": "Periksa story.yaml terhadap klip penugasan (semua kesalahan sekaligus).\n\nContoh:\n\n  vidjourn story check -p 2026-11-12_pelatihan",
        "en": "Check story.yaml against the assignment's clips (every mistake at once).\n\nExamples:\n\n  vidjourn story check -p 2026-11-12_training",
    },
    "story.check_ok": {
        "id": "{path}: benar — {n} segmen, {length} s (tanpa kartu).",
        "en": "{path}: valid — {n} segments, {length} s (without cards).",
    },
    "story.draft_help": {
        "id": "Tulis story.yaml pertama dari shot, wajah dan ucapan klip (buka dengan shot terlebar, pernyataan sebagai SOT, cutaway di antaranya, tutup dengan shot lebar).\n\nContoh:\n\n  vidjourn story draft\n\n  vidjourn story draft --length 45 --for reels --analyze --force",
        "en": "Write a first story.yaml from the clips' shots, faces and speech (open on the widest shot, statements as SOT, cutaways between, close on a wide shot).\n\nExamples:\n\n  vidjourn story draft\n\n  vidjourn story draft --length 45 --for reels --analyze --force",
    },
    "story.draft_length_help": {"id": "Panjang sasaran dalam detik, termasuk kartu judul dan penutup.",
                                "en": "Target length in seconds, title and end card included."},
    "story.draft_for_help": {"id": "Platform sasaran (mis. reels): panjangnya juga dibatasi maksimum platform.",
                             "en": "Target platform (e.g. reels): the length is also kept within its maximum."},
    "story.draft_analyze_help": {
        "id": "Jalankan dulu analisis yang belum ada: wajah (ekstra redact) dan ucapan (ekstra captions).",
        "en": "Run the missing analyses first: faces (the redact extra) and speech (the captions extra).",
    },
    "story.draft_force_help": {"id": "Timpa story.yaml yang ada (disimpan sebagai story.yaml.bak).",
                               "en": "Replace an existing story.yaml (kept as story.yaml.bak)."},
    "story.draft_running": {"id": "Menjalankan {what} dulu…", "en": "Running {what} first…"},
    "story.draft_line": {
        "id": "{n:>3}. {role:<10} {shot:<28} {type}  {start}–{end}  ({length} s)",
        "en": "{n:>3}. {role:<10} {shot:<28} {type}  {start}–{end}  ({length} s)",
    },
    "story.draft_written": {
        "id": "Ditulis {path}: {n} segmen, {length} s dengan kartu ({cards} s), sasaran {target} s. Periksa, ubah, lalu `vidjourn story show`.",
        "en": "Wrote {path}: {n} segments, {length} s with the cards ({cards} s), target {target} s. Look at it, change it, then `vidjourn story show`.",
    },
    "story.draft_missing": {
        "id": "Draf ini tanpa sebagian analisis — {missing}. Jalankan `vidjourn story draft --analyze --force` untuk draf yang lebih baik.",
        "en": "This draft lacks some analyses — {missing}. Run `vidjourn story draft --analyze --force` for a better one.",
    },
    "story.draft_header": {
        "id": "Draf vidjourn story draft (sasaran {length} s, platform {platform}). Ubah sesuka Anda: setiap\nsegmen adalah {{clip, from, to}}; lihat docs/DESIGN.md bagian Story.\nAnalisis yang belum ada: {missing}",
        "en": "Drafted by vidjourn story draft (target {length} s, platform {platform}). Change anything: each\nsegment is {{clip, from, to}}; see docs/DESIGN.md, section Story.\nAnalyses missing: {missing}",
    },
    "story.missing_faces": {"id": "wajah ({clips}: `vidjourn redact analyze`)", "en": "faces ({clips}: `vidjourn redact analyze`)"},
    "story.missing_speech": {"id": "ucapan ({clips}: `vidjourn captions`)", "en": "speech ({clips}: `vidjourn captions`)"},
    "story.missing_shots": {"id": "shot ({clips}: `vidjourn shotlog`)", "en": "shots ({clips}: `vidjourn shotlog`)"},
    "story.placeholder_name": {"id": "NAMA PEMBICARA", "en": "SPEAKER'S NAME"},
    "story.placeholder_title": {"id": "Jabatan", "en": "Title"},
    "story.role.open": {"id": "pembuka", "en": "opening"},
    "story.role.statement": {"id": "SOT", "en": "SOT"},
    "story.role.cutaway": {"id": "cutaway", "en": "cutaway"},
    "story.role.close": {"id": "penutup", "en": "closing"},
    "story.role.quote": {"id": "kutipan", "en": "quote"},
    "story.error.no_clips": {
        "id": "{path}: belum ada klip. Jalankan `vidjourn ingest` dulu.",
        "en": "{path}: no clips yet. Run `vidjourn ingest` first.",
    },
    "story.error.nothing": {
        "id": "{path}: tidak ada shot yang dapat dipakai untuk {length} s (shot minimal 2 s). Tambah klip atau perpanjang --length.",
        "en": "{path}: no shot can be used for {length} s (shots of 2 s or more). Add clips or make --length longer.",
    },
    "story.export_help": {
        "id": "Tulis cerita sebagai OpenTimelineIO (.otio), FCP XML (.xml) dan EDL CMX 3600 (.edl) yang menunjuk ke berkas asli di raw/.\n\nContoh:\n\n  vidjourn story export-timeline\n\n  vidjourn story export-timeline --out suntingan.xml",
        "en": "Write the story as OpenTimelineIO (.otio), FCP XML (.xml) and CMX 3600 EDL (.edl) pointing at the originals in raw/.\n\nExamples:\n\n  vidjourn story export-timeline\n\n  vidjourn story export-timeline --out edit.xml",
    },
    "story.export_out_help": {"id": "Berkas tujuan (.otio, .xml atau .edl; boleh berulang). Bawaan: out/timeline/<slug>.*",
                              "en": "Output file (.otio, .xml or .edl; may repeat). Default: out/timeline/<slug>.*"},
    "story.export_written": {"id": "Ditulis {path}", "en": "Wrote {path}"},
    "story.import_help": {
        "id": "Baca suntingan OTIO/FCP XML/EDL, cocokkan medianya dengan klip di raw/ (nama berkas, nama reel atau sha256) dan tulis story.yaml.\n\nContoh:\n\n  vidjourn story import suntingan-resolve.xml --force\n\n  vidjourn story import potongan.edl --rate 25",
        "en": "Read an OTIO/FCP XML/EDL edit, map its media to the clips in raw/ (file name, reel name or sha256) and write story.yaml.\n\nExamples:\n\n  vidjourn story import resolve-edit.xml --force\n\n  vidjourn story import cut.edl --rate 25",
    },
    "story.import_rate_help": {"id": "Laju frame EDL (EDL tidak menyimpannya; bawaan 25).",
                               "en": "The EDL's frame rate (an EDL does not store it; default 25)."},
    "story.import_unmapped": {
        "id": "{file}: klip {name!r} tidak cocok dengan klip mana pun di raw/ — dilewati. Ingest berkas aslinya, atau ganti namanya di suntingan.",
        "en": "{file}: clip {name!r} maps to no clip in raw/ — left out. Ingest its original, or rename it in the edit.",
    },
    "story.import_written": {
        "id": "Ditulis {path}: {n} segmen ({unmapped} klip tidak cocok).",
        "en": "Wrote {path}: {n} segments ({unmapped} clips not mapped).",
    },
    "story.import_header": {"id": "Diimpor dari {file} oleh vidjourn story import.",
                            "en": "Imported from {file} by vidjourn story import."},
    "story.error.no_otio": {
        "id": "Pertukaran timeline memerlukan paket opentimelineio. Pasang dengan: {install}",
        "en": "Timeline interchange needs the opentimelineio package. Install it with: {install}",
    },
    "story.error.timeline_format": {
        "id": "{path}: format tidak dikenal; gunakan akhiran {formats}",
        "en": "{path}: unknown format; use the suffix {formats}",
    },
    "story.error.timeline_missing": {"id": "{path}: berkas tidak ada.", "en": "{path}: no such file."},
    "story.error.timeline_unreadable": {
        "id": "{path}: suntingan tidak dapat dibaca ({reason}). Ekspor ulang dari editor Anda.",
        "en": "{path}: the edit cannot be read ({reason}). Export it again from your editor.",
    },
    "story.error.timeline_empty": {"id": "{path}: tidak ada trek video di suntingan ini.",
                                   "en": "{path}: this edit has no video track."},
    "story.error.import_nothing": {
        "id": "{path}: tidak ada klip yang cocok dengan klip penugasan; story.yaml tidak ditulis.",
        "en": "{path}: no clip maps to the assignment's clips; story.yaml was not written.",
    },
    "story.quote_help": {
        "id": "Tambahkan SOT dari teks: vidjourn story quote KLIP \"kata awal … kata akhir\" (dipotong di jeda sekitarnya).\n\nContoh:\n\n  vidjourn story quote 20261112_apel_002 \"tiga tersangka … kantor polisi\"",
        "en": "Add a SOT by its text: vidjourn story quote CLIP \"first words … last words\" (cut at the pauses around it).\n\nExamples:\n\n  vidjourn story quote 20261112_apel_002 \"three suspects … police station\"",
    },
    "story.quote_at_help": {"id": "Posisi segmen baru (1 = pertama). Bawaan: di akhir.",
                            "en": "Position of the new segment (1 = first). Default: at the end."},
    "story.quote_lang_help": {"id": "Bahasa transkrip (bawaan: captions.lang di vidjourn.yaml).",
                              "en": "The transcript's language (default: captions.lang of vidjourn.yaml)."},
    "story.quote_header": {"id": "Cerita ini dibuat dengan vidjourn story quote.", "en": "Made with vidjourn story quote."},
    "story.quote_added": {
        "id": "Segmen {n}: {clip} {start}–{end} s, SOT «{words}» (dari {transcript}). Ditulis {path}",
        "en": "Segment {n}: {clip} {start}–{end} s, SOT «{words}» (from {transcript}). Wrote {path}",
    },
    "story.transcript_approved": {"id": "teks yang disetujui", "en": "the approved captions"},
    "story.transcript_draft": {"id": "DRAF transkrip, belum disetujui", "en": "the DRAFT transcript, not yet approved"},
    "story.error.quote_clip": {
        "id": "Tidak ada klip {name!r} di {path}. Tulis id klip, nama berkas di raw/ atau sha256-nya.",
        "en": "No clip {name!r} in {path}. Write the clip's id, its file name in raw/ or its sha256.",
    },
    "story.error.quote_no_transcript": {
        "id": "Klip {clip} belum punya transkrip. Jalankan dulu `vidjourn captions {clip}`.",
        "en": "Clip {clip} has no transcript yet. Run `vidjourn captions {clip}` first.",
    },
    "story.error.quote_not_found": {
        "id": "«{text}» tidak ditemukan di {transcript} klip {clip}. Yang terdengar: {heard}",
        "en": "«{text}» is not in {transcript} of clip {clip}. What was heard: {heard}",
    },
    "story.show_help": {
        "id": "Tampilkan timeline cerita: segmen, sumber, in/out, panjang per platform, redaksi, teks, persetujuan, yang masih menghalangi.\n\nContoh:\n\n  vidjourn story show\n\n  vidjourn story show --json",
        "en": "Print the story's timeline: segments, source, in/out, length per platform, redaction, captions, approvals, what still blocks.\n\nExamples:\n\n  vidjourn story show\n\n  vidjourn story show --json",
    },
    "story.show_row": {
        "id": "{n:>3}. {clip}  {start}–{end}  {length} s  suara {audio}  (cerita {at} s)",
        "en": "{n:>3}. {clip}  {start}–{end}  {length} s  sound {audio}  (story {at} s)",
    },
    "story.show_detail": {
        "id": "     lower third: {lt} · platform: {platforms} · redaksi: {red} · teks: {cap}",
        "en": "     lower third: {lt} · platforms: {platforms} · redaction: {red} · captions: {cap}",
    },
    "story.show_blocked": {"id": " · MENGHALANGI", "en": " · BLOCKING"},
    "story.show_length": {
        "id": "{platform}: {length} s (kartu {cards} s; batas {limit}) {verdict}",
        "en": "{platform}: {length} s (cards {cards} s; limit {limit}) {verdict}",
    },
    "story.show_too_long": {
        "id": "TERLALU PANJANG — pakai only:/skip: per segmen atau `vidjourn story draft --length`",
        "en": "TOO LONG — use only:/skip: on segments or `vidjourn story draft --length`",
    },
    "story.show_blocking": {"id": "Menghalangi: {clip}: {why}", "en": "Blocking: {clip}: {why}"},
    "story.show_ready": {"id": "Tidak ada yang menghalangi publikasi.", "en": "Nothing blocks publishing."},
    "story.approved": {"id": "disetujui", "en": "approved"},
    "story.not_approved": {"id": "BELUM disetujui", "en": "NOT approved"},
    "story.changed": {"id": "diubah setelah disetujui", "en": "changed since approval"},
    "story.draft_state": {"id": "draf", "en": "draft"},
    "story.burned": {"id": "dibakar", "en": "burned in"},
    "story.red.faces": {"id": "wajah", "en": "faces"},
    "story.red.regions": {"id": "area", "en": "regions"},
    "story.red.blank": {"id": "bagian hitam", "en": "blanked"},
    "story.only": {"id": "hanya", "en": "only"},
    "story.skip": {"id": "kecuali", "en": "not"},
    "story.all": {"id": "semua", "en": "all"},
    "story.sheet_help": {
        "id": "Tulis lembar cerita (HTML untuk dicetak A4, dan XLSX): satu baris per segmen untuk ditandatangani.\n\nContoh:\n\n  vidjourn story sheet -p 2026-11-12_pelatihan",
        "en": "Write the story sheet (HTML printable on A4, and XLSX): one row per segment, to sign off.\n\nExamples:\n\n  vidjourn story sheet -p 2026-11-12_training",
    },
    "story.sheet_title": {"id": "Lembar cerita", "en": "Story sheet"},
    "story.sheet_story": {"id": "Cerita", "en": "Story"},
    "story.sheet_lang": {"id": "id", "en": "en"},
    "story.sheet_col.n": {"id": "#", "en": "#"},
    "story.sheet_col.clip": {"id": "Klip sumber", "en": "Source clip"},
    "story.sheet_col.in": {"id": "Masuk", "en": "In"},
    "story.sheet_col.out": {"id": "Keluar", "en": "Out"},
    "story.sheet_col.length": {"id": "Detik", "en": "Seconds"},
    "story.sheet_col.sha256": {"id": "sha256 berkas asli", "en": "Original's sha256"},
    "story.sheet_col.audio": {"id": "Suara", "en": "Sound"},
    "story.sheet_col.words": {"id": "Kata-kata SOT", "en": "SOT words"},
    "story.sheet_col.lower_third": {"id": "Lower third", "en": "Lower third"},
    "story.sheet_col.voiceover": {"id": "Narasi (VO)", "en": "Voice-over"},
    "story.sheet_field.apa": {"id": "Apa", "en": "What"},
    "story.sheet_field.siapa": {"id": "Siapa", "en": "Who"},
    "story.sheet_field.kapan": {"id": "Kapan", "en": "When"},
    "story.sheet_field.di_mana": {"id": "Di mana", "en": "Where"},
    "story.sheet_field.mengapa": {"id": "Mengapa", "en": "Why"},
    "story.sheet_field.bagaimana": {"id": "Bagaimana", "en": "How"},
    "story.sheet_field.reporter": {"id": "Reporter", "en": "Reporter"},
    "story.sheet_field.unit": {"id": "Satuan", "en": "Unit"},
    "story.sheet_no_transcript": {"id": "(belum ada transkrip: `vidjourn captions`)",
                                  "en": "(no transcript yet: `vidjourn captions`)"},
    "story.sheet_draft_words": {"id": "draf, belum disetujui", "en": "draft, not approved"},
    "story.sheet_cards": {"id": "termasuk kartu {cards} s", "en": "cards {cards} s included"},
    "story.sheet_lengths": {"id": "Panjang per platform", "en": "Length per platform"},
    "story.sheet_voiceover": {"id": "Narasi", "en": "Voice-over"},
    "story.sheet_blocking": {"id": "Masih menghalangi publikasi", "en": "Still blocking publication"},
    "story.sheet_sign_reporter": {"id": "Dibuat oleh", "en": "Prepared by"},
    "story.sheet_sign_head": {"id": "Disetujui oleh (Kasubbag/Kabag Humas), tanggal", "en": "Approved by (head of Humas), date"},
    "story.sheet_made": {"id": "Dibuat oleh vidjourn pada {when} dari {path}", "en": "Made by vidjourn on {when} from {path}"},
    "story.demo_stage": {"id": "Cerita: draf dari klip (story draft)", "en": "Story: drafted from the clips (story draft)"},
    "story.demo_drafting": {"id": "menyusun draf cerita", "en": "drafting the story"},
    "story.demo_sheet": {"id": "lembar cerita", "en": "story sheet"},
    "story.demo_out": {"id": "Cerita (story.yaml): {n} segmen, {length} s", "en": "Story (story.yaml): {n} segments, {length} s"},
    "story.demo_out_video": {"id": "Video cerita untuk {platform}", "en": "The story's video for {platform}"},
    "story.demo_out_sheet": {"id": "Lembar cerita (cetak A4)", "en": "Story sheet (prints on A4)"},
    "story.demo_out_timeline": {"id": "Timeline untuk editor (OTIO, FCP XML, EDL)", "en": "Timeline for editors (OTIO, FCP XML, EDL)"},
    # --- whole-file errors ---
    "story.error.invalid": {
        "id": "{path}: story.yaml berisi kesalahan. Perbaiki semuanya (tidak ada yang dirender sebelum itu):\n{problems}",
        "en": "{path}: story.yaml has mistakes. Fix them all (nothing is rendered until then):\n{problems}",
    },
    "story.error.unreadable": {
        "id": "{path}: story.yaml tidak dapat dibaca. Perbaiki berkasnya atau buat ulang dengan `vidjourn story draft --force`:\n{problems}",
        "en": "{path}: story.yaml cannot be read. Fix the file or make it again with `vidjourn story draft --force`:\n{problems}",
    },
    "story.error.missing": {
        "id": "{path}: belum ada story.yaml. Buat draf dengan `vidjourn story draft` atau tambahkan kutipan dengan `vidjourn story quote`.",
        "en": "{path}: there is no story.yaml yet. Draft one with `vidjourn story draft` or add a quote with `vidjourn story quote`.",
    },
    "story.error.exists": {
        "id": "{path} sudah ada. Tambahkan --force untuk menimpanya (versi lama disimpan sebagai story.yaml.bak).",
        "en": "{path} already exists. Add --force to replace it (the old one is kept as story.yaml.bak).",
    },
    # --- problems (one line each, after the key path) ---
    "story.problem.not_mapping": {
        "id": "isi berkas harus berupa pemetaan dengan `segments:`",
        "en": "the file must be a mapping with `segments:`",
    },
    "story.problem.choice": {
        "id": "{value} bukan pilihan yang dikenal; tulis salah satu dari {choices}",
        "en": "{value} is not a known choice; write one of {choices}",
    },
    "story.problem.type": {
        "id": "harus {expected}, tertulis {value}",
        "en": "must be {expected}, found {value}",
    },
    "story.type.string_type": {"id": "teks", "en": "text"},
    "story.type.bool_type": {"id": "true atau false", "en": "true or false"},
    "story.type.list_type": {"id": "daftar [..]", "en": "a list [..]"},
    "story.type.model_type": {"id": "pemetaan {..}", "en": "a mapping {..}"},
    "story.type.dict_type": {"id": "pemetaan {..}", "en": "a mapping {..}"},
    "story.type.model_attributes_type": {"id": "pemetaan {..}", "en": "a mapping {..}"},
    "story.type.float_type": {"id": "angka", "en": "a number"},
    "story.type.float_parsing": {"id": "angka", "en": "a number"},
    "story.type.finite_number": {"id": "angka terhingga", "en": "a finite number"},
    "story.problem.bad_time": {
        "id": "{value} bukan waktu; tulis detik (4.5) atau kode waktu (00:01:02.5), tidak negatif",
        "en": "{value} is not a time; write seconds (4.5) or a timecode (00:01:02.5), not negative",
    },
    "story.problem.bad_number": {
        "id": "{value} bukan angka detik",
        "en": "{value} is not a number of seconds",
    },
    "story.problem.too_many": {
        "id": "{n} segmen; satu cerita paling banyak {limit}. Bagi menjadi beberapa cerita (penugasan terpisah)",
        "en": "{n} segments; a story holds at most {limit}. Split it into several stories (separate assignments)",
    },
    "story.problem.clip_or_shot": {
        "id": "tulis `clip:` (dengan from/to) atau `shot: klip#n`, salah satu saja",
        "en": "write `clip:` (with from/to) or `shot: clip#n`, exactly one of them",
    },
    "story.problem.shot_times": {
        "id": "`shot:` sudah menentukan waktunya; untuk memotong, tulis `clip:` dengan from/to",
        "en": "`shot:` gives the times itself; to trim, write `clip:` with from/to",
    },
    "story.problem.shot_form": {
        "id": "{value!r}: tulis shot sebagai klip#nomor, mis. 20261112_apel_002#3",
        "en": "{value!r}: write a shot as clip#number, e.g. 20261112_apel_002#3",
    },
    "story.problem.from_to": {
        "id": "segmen dengan `clip:` perlu `from:` dan `to:`",
        "en": "a segment with `clip:` needs `from:` and `to:`",
    },
    "story.problem.order": {
        "id": "`to` ({end}) harus setelah `from` ({start})",
        "en": "`to` ({end}) must come after `from` ({start})",
    },
    "story.problem.only_skip": {
        "id": "tulis `only:` atau `skip:`, tidak keduanya",
        "en": "write `only:` or `skip:`, not both",
    },
    "story.problem.lt_order": {
        "id": "lower third: `end` harus setelah `start`",
        "en": "lower third: `end` must come after `start`",
    },
    "story.problem.unknown_clip": {
        "id": "tidak ada klip {name!r} di manifest.json (klip: {clips}). Tulis id, nama berkas di raw/ atau sha256-nya",
        "en": "no clip {name!r} in manifest.json (clips: {clips}). Write its id, its file name in raw/ or its sha256",
    },
    "story.problem.ambiguous_clip": {
        "id": "{name!r} cocok dengan beberapa klip ({clips}); tulis id klipnya",
        "en": "{name!r} matches several clips ({clips}); write the clip's id",
    },
    "story.problem.no_shotlog": {
        "id": "shot klip {clip} belum dideteksi; jalankan `vidjourn shotlog` dulu",
        "en": "the shots of clip {clip} are not detected yet; run `vidjourn shotlog` first",
    },
    "story.problem.no_such_shot": {
        "id": "klip {clip} hanya punya {count} shot, tidak ada shot {n}",
        "en": "clip {clip} has {count} shots, there is no shot {n}",
    },
    "story.problem.past_end": {
        "id": "{value} s melewati akhir {clip} ({duration} s)",
        "en": "{value} s is past the end of {clip} ({duration} s)",
    },
    "story.problem.too_short": {
        "id": "segmen {length} s lebih pendek dari satu frame",
        "en": "the segment ({length} s) is shorter than one frame",
    },
    "story.problem.no_sound": {
        "id": "klip {clip} tidak bersuara; `audio: {audio}` tidak mungkin — tulis `audio: mute`",
        "en": "clip {clip} has no sound; `audio: {audio}` cannot be — write `audio: mute`",
    },
    "story.problem.lead_before_start": {
        "id": "suara mulai {lead} s sebelum gambar, tetapi segmen mulai {start} s dari awal klip",
        "en": "the sound starts {lead} s before the picture, but the segment starts {start} s into the clip",
    },
    "story.problem.lag_past_end": {
        "id": "suara berlanjut {lag} s setelah gambar, melewati akhir klip ({duration} s)",
        "en": "the sound goes on {lag} s after the picture, past the end of the clip ({duration} s)",
    },
    "story.problem.lead_first": {
        "id": "segmen pertama tidak dapat memulai suaranya lebih awal (tidak ada segmen sebelumnya)",
        "en": "the first segment cannot start its sound early (there is no segment before it)",
    },
    "story.problem.lead_overlap": {
        "id": "J-cut {lead} s menumpuk melewati segmen sebelumnya ({length} s); perpendek audio_lead",
        "en": "the J-cut of {lead} s overlaps past the previous segment ({length} s); shorten audio_lead",
    },
    "story.problem.lead_and_lag": {
        "id": "J-cut dan L-cut segmen sebelumnya menumpuk di sambungan yang sama; pakai salah satu",
        "en": "this J-cut and the previous segment's L-cut overlap at the same join; use one of them",
    },
    "story.problem.lag_last": {
        "id": "segmen terakhir tidak dapat melanjutkan suaranya (tidak ada segmen sesudahnya)",
        "en": "the last segment cannot carry its sound on (there is no segment after it)",
    },
    "story.problem.lag_overlap": {
        "id": "L-cut {lag} s menumpuk melewati segmen berikutnya ({length} s); perpendek audio_lag",
        "en": "the L-cut of {lag} s overlaps past the next segment ({length} s); shorten audio_lag",
    },
    "story.problem.transition_long": {
        "id": "transisi {length} s terlalu panjang; paling lama {limit} s (separuh segmen terpendek di sambungan)",
        "en": "the transition of {length} s is too long; at most {limit} s (half the shorter segment at the join)",
    },
    "story.problem.lt_outside": {
        "id": "lower third di luar segmen ({length} s); waktunya dihitung dari awal segmen",
        "en": "the lower third lies outside the segment ({length} s); its times count from the segment's start",
    },
    "story.problem.unknown_platform": {
        "id": "platform {name!r} tidak dikenal (dikenal: {names})",
        "en": "unknown platform {name!r} (known: {names})",
    },
    "story.problem.vo_outside": {
        "id": "{file}: suara narasi harus di dalam folder penugasan",
        "en": "{file}: the voice-over must be inside the assignment folder",
    },
    "story.problem.vo_missing": {
        "id": "{file}: berkas tidak ada (tulis path relatif ke folder penugasan, atau nama klip)",
        "en": "{file}: no such file (write a path relative to the assignment folder, or a clip's name)",
    },
    "story.problem.vo_no_sound": {
        "id": "{file}: tidak ada suara di berkas ini",
        "en": "{file}: this file has no sound",
    },
    "story.problem.vo_after_end": {
        "id": "narasi mulai pada {at} s, setelah akhir cerita ({length} s)",
        "en": "the voice-over starts at {at} s, after the story ends ({length} s)",
    },
}
