"""Messages of provenance: keys, signing, the register and ``verify --provenance``."""

MESSAGES = {
    # --- the extra ---------------------------------------------------------------------------------
    "error.extra_missing_sign": {
        "id": "Penandatanganan (C2PA) belum terpasang. Pasang dengan: pip install \"vidjourn[sign]\"",
        "en": "Signing (C2PA) is not installed. Install it with: pip install \"vidjourn[sign]\"",
    },
    # --- keys --------------------------------------------------------------------------------------
    "error.keys.exists": {
        "id": "{path}: sudah berisi kunci. Kunci tidak pernah ditimpa; pakai --dir lain, atau pindahkan folder itu dulu.",
        "en": "{path}: already holds keys. Keys are never overwritten; use another --dir, or move that folder away first.",
    },
    "error.keys.none": {
        "id": "{path}: belum ada kunci tanda tangan. Buat dengan: vidjourn keys init --unit \"Polres ...\"",
        "en": "{path}: no signing keys yet. Make them with: vidjourn keys init --unit \"Polres ...\"",
    },
    "error.keys.missing": {
        "id": "{path}: berkas kunci/sertifikat tidak ada. Periksa --keys atau VIDJOURN_KEYS.",
        "en": "{path}: key/certificate file missing. Check --keys or VIDJOURN_KEYS.",
    },
    "error.keys.bad_cert": {
        "id": "{path}: bukan sertifikat PEM yang terbaca. Ambil lagi salinan aslinya dari kantor penerbit.",
        "en": "{path}: not a readable PEM certificate. Get the original copy again from the issuing office.",
    },
    "error.keys.wrong_passphrase": {
        "id": "{path}: kata sandi salah. Tidak ada yang ditulis. Coba lagi dengan kata sandi kunci ini.",
        "en": "{path}: wrong passphrase. Nothing was written. Try again with this key's passphrase.",
    },
    "error.keys.no_passphrase": {
        "id": "{path}: perlu kata sandi. Ketik saat diminta, atau isi variabel lingkungan {env} (untuk skrip).",
        "en": "{path}: a passphrase is needed. Type it when asked, or set the environment variable {env} (for scripts).",
    },
    "error.keys.passphrase_short": {
        "id": "Kata sandi kunci {which} terlalu pendek: minimal {n} karakter.",
        "en": "The {which} key passphrase is too short: at least {n} characters.",
    },
    "error.keys.passphrase_mismatch": {
        "id": "Kedua kata sandi tidak sama. Tidak ada yang ditulis; ulangi.",
        "en": "The two passphrases differ. Nothing was written; try again.",
    },
    "error.keys.unit_empty": {
        "id": "Nama satuan kosong. Tulis nama satuan penerbit, mis. --unit \"Polres Contoh\".",
        "en": "The unit's name is empty. Give the publishing unit's name, e.g. --unit \"Polres Contoh\".",
    },
    "error.keys.years": {
        "id": "Masa berlaku sertifikat tanda tangan {years} tahun tidak diizinkan: pilih 1 atau 2.",
        "en": "A {years}-year signing certificate is not allowed: choose 1 or 2.",
    },
    "error.keys.root_expires": {
        "id": "{path}: sertifikat akar berakhir {date}, sebelum sertifikat baru akan berakhir. Kantor perlu akar baru.",
        "en": "{path}: the root certificate ends on {date}, before the new certificate would. The office needs a new root.",
    },
    "error.keys.expired": {
        "id": "{path}: sertifikat tanda tangan sudah berakhir pada {date}. Minta sertifikat baru: vidjourn keys init --unit ... --root-from FOLDER_AKAR",
        "en": "{path}: the signing certificate expired on {date}. Get a new one: vidjourn keys init --unit ... --root-from ROOT_FOLDER",
    },
    "keys.prompt": {"id": "Kata sandi kunci tanda tangan", "en": "Signing key passphrase"},
    "keys.prompt_root": {"id": "Kata sandi kunci akar (kantor)", "en": "Root (office) key passphrase"},
    "keys.prompt_repeat": {"id": "Ulangi kata sandi", "en": "Repeat the passphrase"},
    "keys.created": {
        "id": "Kunci dibuat di {dir}\n  satuan: {unit}\n  akar: {root} (sidik jari sha256 {root_fp})\n  berlaku sampai: {until}\nSimpan {root_key} di tempat luring (USB di lemari kantor) lalu hapus dari laptop ini; bagikan {root_cert} ke publik.",
        "en": "Keys made in {dir}\n  unit: {unit}\n  root: {root} (sha256 fingerprint {root_fp})\n  valid until: {until}\nKeep {root_key} offline (a USB stick in the office safe) and delete it from this laptop; publish {root_cert}.",
    },
    "keys.show": {
        "id": "Folder kunci: {dir}\n  satuan: {unit}\n  kantor: {office}\n  sertifikat tanda tangan: {subject}\n    berlaku {nb} s.d. {na}\n    sidik jari sha256: {fp}\n  akar: {root}\n    berlaku s.d. {root_na}\n    sidik jari sha256: {root_fp}\n  kunci akar di laptop ini: {root_key}",
        "en": "Key folder: {dir}\n  unit: {unit}\n  office: {office}\n  signing certificate: {subject}\n    valid {nb} to {na}\n    sha256 fingerprint: {fp}\n  root: {root}\n    valid to {root_na}\n    sha256 fingerprint: {root_fp}\n  root key on this laptop: {root_key}",
    },
    "keys.root_key_yes": {"id": "ya — pindahkan ke penyimpanan luring", "en": "yes — move it to offline storage"},
    "keys.root_key_no": {"id": "tidak (baik)", "en": "no (good)"},
    "help.keys": {
        "id": "Kunci tanda tangan satuan (C2PA).\n\nContoh:\n\n  vidjourn keys init --unit \"Polres Contoh\"\n\n  vidjourn keys show",
        "en": "The unit's signing keys (C2PA).\n\nExample:\n\n  vidjourn keys init --unit \"Polres Contoh\"\n\n  vidjourn keys show",
    },
    "help.keys_init": {
        "id": "Buat akar CA kantor dan sertifikat tanda tangan satuan (P-256), kunci dilindungi kata sandi.\n\nContoh:\n\n  vidjourn keys init --unit \"Polres Contoh\" --office \"Bidhumas Polda Contoh\"",
        "en": "Make the office's root CA and the unit's signing certificate (P-256), keys protected by a passphrase.\n\nExample:\n\n  vidjourn keys init --unit \"Polres Contoh\" --office \"Bidhumas Polda Contoh\"",
    },
    "help.keys_show": {
        "id": "Tampilkan satuan, sertifikat dan sidik jarinya.\n\nContoh:\n\n  vidjourn keys show --json",
        "en": "Show the unit, the certificates and their fingerprints.\n\nExample:\n\n  vidjourn keys show --json",
    },
    "help.run_sign": {
        "id": "Tandatangani berkas terbit (C2PA) sebagai langkah terakhir; bawaan: `sign:` di vidjourn.yaml.",
        "en": "Sign the published files (C2PA) as the last step; default: `sign:` in vidjourn.yaml.",
    },
    "help.ingest_sign": {
        "id": "Buat catatan asal bertanda tangan (raw/<klip>.c2pa) untuk setiap berkas asli; bawaan: `sign:` di vidjourn.yaml.",
        "en": "Make a signed provenance sidecar (raw/<clip>.c2pa) for every original; default: `sign:` in vidjourn.yaml.",
    },
    "help.keys_dir": {"id": "Folder kunci (bawaan: VIDJOURN_KEYS atau folder konfigurasi pengguna).", "en": "Key folder (default: VIDJOURN_KEYS or the user's config folder)."},
    "help.keys_unit": {"id": "Nama satuan penerbit, mis. \"Polres Contoh\".", "en": "The publishing unit, e.g. \"Polres Contoh\"."},
    "help.keys_office": {"id": "Kantor pemilik akar, mis. \"Bidhumas Polda Contoh\".", "en": "The office owning the root, e.g. \"Bidhumas Polda Contoh\"."},
    "help.keys_years": {"id": "Masa berlaku sertifikat tanda tangan (1–2 tahun).", "en": "Signing certificate lifetime (1–2 years)."},
    "help.keys_root_from": {"id": "Pakai akar yang sudah ada (folder berisi root-ca.pem dan root-ca.key).", "en": "Use an existing root (a folder with root-ca.pem and root-ca.key)."},
    # --- signing -----------------------------------------------------------------------------------
    "error.sign.original_swapped": {
        "id": "{path} bukan berkas asli yang di-ingest (sha256 sekarang {got}…, manifest mencatat {want}…). Klip ini tidak diekspor untuk ditandatangani. Kembalikan berkas asli dari kartu atau cadangan ke raw/, lalu jalankan ulang.",
        "en": "{path} is not the original ingested (its sha256 is now {got}…, the manifest recorded {want}…). This clip is not exported for signing. Put the original back into raw/ from the card or a backup, then run again.",
    },
    "error.sign.not_rendered": {
        "id": "{path} tidak dibuat oleh run ini, jadi tidak ditandatangani (vidjourn hanya menandatangani berkas yang baru saja ia render). Jalankan ulang dengan --force untuk mengekspor dan menandatanganinya.",
        "en": "{path} was not rendered by this run, so it is not signed (vidjourn signs only files it has just rendered). Run again with --force to export and sign it.",
    },
    "error.sign.not_in_out": {
        "id": "{path} tidak berada di folder out/ penugasan, jadi tidak ditandatangani. Ekspor ulang dengan --force.",
        "en": "{path} is not in the assignment's out/ folder, so it is not signed. Export again with --force.",
    },
    "error.sign.failed": {
        "id": "{path}: gagal menandatangani ({reason}). Berkas tidak diubah.",
        "en": "{path}: signing failed ({reason}). The file was not changed.",
    },
    "error.sign.output_changed": {
        "id": "{path}: berkas berubah sejak diekspor (sha256 tidak sama dengan buku besar). Ekspor ulang dengan --force sebelum menandatangani.",
        "en": "{path}: the file changed since export (sha256 differs from the ledger). Export again with --force before signing.",
    },
    "error.sign.no_clip": {
        "id": "{path}: klip {clip} tidak ada lagi di manifest.json; tidak ada yang ditandatangani.",
        "en": "{path}: clip {clip} is no longer in manifest.json; nothing was signed.",
    },
    "sign.stage": {"id": "Tanda tangan", "en": "Signing"},
    "sign.signed": {"id": "{path}: ditandatangani ({id})", "en": "{path}: signed ({id})"},
    "sign.sidecar": {"id": "{path}: catatan asal dibuat ({sidecar})", "en": "{path}: provenance sidecar made ({sidecar})"},
    # --- verify --provenance -----------------------------------------------------------------------
    "verify.prov.trusted": {
        "id": "{file}: TEPERCAYA — ditandatangani oleh {signer} di bawah akar {root}, tidak berubah sejak ditandatangani.\nArtinya: diterbitkan tanpa perubahan oleh satuan ini — bukan jaminan isinya benar.",
        "en": "{file}: TRUSTED — signed by {signer} under the root {root}, unchanged since signing.\nMeaning: published unchanged by this unit — not a guarantee that what it shows is true.",
    },
    "verify.prov.trusted_original": {
        "id": "{file}: TEPERCAYA — berkas asli seperti saat di-ingest oleh {signer} (akar {root}), tidak satu bita pun berubah sejak itu.",
        "en": "{file}: TRUSTED — the original as {signer} ingested it (root {root}), not a byte changed since.",
    },
    "verify.prov.untrusted": {
        "id": "{file}: DITANDATANGANI, TETAPI BUKAN OLEH AKAR TEPERCAYA — penanda tangan {signer}; byte tidak berubah, tetapi sertifikatnya tidak berasal dari akar yang diberikan{root_note}.",
        "en": "{file}: SIGNED, BUT NOT BY A TRUSTED ROOT — signer {signer}; bytes unchanged, but the certificate does not come from the root given{root_note}.",
    },
    "verify.prov.no_root": {"id": " (tidak ada --root; beri sertifikat akar kantor)", "en": " (no --root; give the office's root certificate)"},
    "verify.prov.expired": {
        "id": "{file}: SERTIFIKAT KEDALUWARSA — ditandatangani oleh {signer}, byte tidak berubah, tetapi sertifikatnya sudah berakhir (tanpa stempel waktu tepercaya, tanggal tanda tangan tidak bisa dibuktikan). Cocokkan dengan register yang ditandatangani.",
        "en": "{file}: CERTIFICATE EXPIRED — signed by {signer}, bytes unchanged, but the certificate has expired (without a trusted timestamp the signing date cannot be proven). Check it against a signed register.",
    },
    "verify.prov.changed": {
        "id": "{file}: BERUBAH SETELAH DITANDATANGANI — {reason}",
        "en": "{file}: CHANGED AFTER SIGNING — {reason}",
    },
    "verify.prov.none": {
        "id": "{file}: TIDAK ADA TANDA TANGAN (tidak pernah ditandatangani, atau dibuang oleh remux, encode ulang atau platform).",
        "en": "{file}: NO SIGNATURE (never signed, or stripped by a remux, a re-encode or a platform).",
    },
    "verify.prov.reason.hash": {
        "id": "gambar/suara atau struktur berkas tidak sama dengan yang ditandatangani ({code}).",
        "en": "the picture/sound or the file's structure differ from what was signed ({code}).",
    },
    "verify.prov.reason.claim": {
        "id": "catatan yang ditandatangani diubah atau rusak ({code}).",
        "en": "the signed record was altered or damaged ({code}).",
    },
    "verify.prov.reason.other": {"id": "{code}: {explanation}", "en": "{code}: {explanation}"},
    "verify.prov.sidecar": {"id": "  (dicek dengan catatan terpisah {sidecar})", "en": "  (checked with the sidecar {sidecar})"},
    "verify.prov.origin": {
        "id": "  dibuat dari asli: {originals}\n  cerita: {story} · platform: {platform} · satuan: {unit} · ID: {id}",
        "en": "  made from originals: {originals}\n  story: {story} · platform: {platform} · unit: {unit} · ID: {id}",
    },
    "verify.prov.register_file": {
        "id": "  DITEMUKAN di register {register}: sha256 sama — ID {id}, {story}, {platform}, {time}.",
        "en": "  FOUND in the register {register}: same sha256 — ID {id}, {story}, {platform}, {time}.",
    },
    "verify.prov.register_streams": {
        "id": "  DITEMUKAN di register {register}: gambar dan suara sama persis (dikemas ulang) — ID {id}, {story}, {platform}, {time}.",
        "en": "  FOUND in the register {register}: the very same pictures and sound (re-packaged) — ID {id}, {story}, {platform}, {time}.",
    },
    "verify.prov.register_id": {
        "id": "  ID {id} ada di register {register}: {story}, {platform}, {time}. Berkas ini tidak sama byte-nya (mungkin diencode ulang platform); bandingkan isinya dengan berkas asli.",
        "en": "  ID {id} is in the register {register}: {story}, {platform}, {time}. This file's bytes differ (perhaps re-encoded by a platform); compare its content with the published file.",
    },
    "verify.prov.register_none": {
        "id": "  Tidak ada di register {register}.",
        "en": "  Not in the register {register}.",
    },
    "verify.prov.register_status": {
        "id": "  register {register}: {status}",
        "en": "  register {register}: {status}",
    },
    "verify.prov.status.trusted": {"id": "tanda tangan tepercaya", "en": "trusted signature"},
    "verify.prov.status.untrusted": {"id": "ditandatangani, bukan oleh akar tepercaya", "en": "signed, not by a trusted root"},
    "verify.prov.status.expired": {"id": "sertifikat kedaluwarsa", "en": "certificate expired"},
    "verify.prov.status.changed": {"id": "BERUBAH setelah ditandatangani — jangan dipercaya", "en": "CHANGED after signing — do not rely on it"},
    "verify.prov.status.none": {"id": "tidak ditandatangani", "en": "not signed"},
    "error.verify.root": {
        "id": "{path}: bukan sertifikat akar PEM yang terbaca. Beri berkas root-ca.pem dari kantor penerbit.",
        "en": "{path}: not a readable PEM root certificate. Give the issuing office's root-ca.pem.",
    },
    "help.verify_provenance": {
        "id": "Periksa tanda tangan C2PA sebuah berkas (luring).",
        "en": "Check a file's C2PA signature (offline).",
    },
    "help.verify_root": {"id": "Sertifikat akar yang dipercaya (PEM).", "en": "The root certificate to trust (PEM)."},
    "help.verify_id": {
        "id": "ID pendek yang terbaca di kartu penutup (mis. 7K3M-Q2XD): dicari di register untuk salinan yang sudah diencode ulang.",
        "en": "The short ID read off the end card (e.g. 7K3M-Q2XD): looked up in the registers, for a copy a platform re-encoded.",
    },
    "help.verify_register": {"id": "Register (register.jsonl) untuk dicocokkan; boleh berulang.", "en": "A register (register.jsonl) to look the file up in; repeatable."},
    # --- the demo's provenance step --------------------------------------------------------------
    "demo.sign_stage": {"id": "Tanda tangan (C2PA) dan uji keaslian", "en": "Signing (C2PA) and authenticity checks"},
    "demo.sign_progress": {"id": "Menandatangani berkas terbit", "en": "Signing the published files"},
    "demo.sign_skipped": {
        "id": "Tanda tangan dilewati: pasang dengan pip install \"vidjourn[sign]\" untuk melihatnya.",
        "en": "Signing skipped: install it with pip install \"vidjourn[sign]\" to see it.",
    },
    "demo.sign_nothing": {
        "id": "{path}: tidak ada berkas terbit untuk ditandatangani (tahap ekspor gagal?).",
        "en": "{path}: no published file to sign (did the export step fail?).",
    },
    "demo.sign_answers": {
        "id": "Uji keaslian {file}: asli → {first}; satu bita diubah → {second}; remux → {third}, ditemukan di register sebagai {found}.\nKunci demo (kata sandi: {passphrase}) hanya untuk pelatihan. Coba sendiri: {cmd}",
        "en": "Authenticity checks on {file}: as published → {first}; one byte changed → {second}; remuxed → {third}, found in the register as {found}.\nThe demo keys (passphrase: {passphrase}) are for the workshop only. Try it: {cmd}",
    },
    "demo.sign_unexpected": {
        "id": "Uji keaslian memberi hasil tak terduga: {first} / {second} / {third} (harapan: trusted / changed / none).",
        "en": "The authenticity checks gave unexpected answers: {first} / {second} / {third} (expected: trusted / changed / none).",
    },
    "demo.out_signed": {"id": "{n} berkas terbit ditandatangani (C2PA)", "en": "{n} published files signed (C2PA)"},
    "demo.out_register": {"id": "Register terbitan, ditandatangani", "en": "The publication register, signed"},
    "demo.out_lab": {"id": "Salinan uji: diubah, remux, dan root-ca.pem", "en": "Test copies: edited, remuxed, and root-ca.pem"},
    # --- doctor ------------------------------------------------------------------------------------
    "doctor.sign": {"id": "Tanda tangan (C2PA)", "en": "Signing (C2PA)"},
    "doctor.sign_optional": {"id": "opsional", "en": "optional"},
    "doctor.sign_install": {"id": "pip install \"vidjourn[sign]\"", "en": "pip install \"vidjourn[sign]\""},
    "doctor.sign_keys": {"id": "kunci: {unit}, berlaku s.d. {until} ({dir})", "en": "keys: {unit}, valid until {until} ({dir})"},
    "doctor.sign_no_keys": {"id": "belum ada kunci: vidjourn keys init --unit ...", "en": "no keys yet: vidjourn keys init --unit ..."},
    "init.yaml_sign": {
        "id": "Tanda tangan C2PA pada setiap berkas terbit (perlu pip install \"vidjourn[sign]\" dan vidjourn keys init).",
        "en": "C2PA signature on every published file (needs pip install \"vidjourn[sign]\" and vidjourn keys init).",
    },
}
