"""Messages of the trust rules (issue 19, part A): bounded and typed reads, containment, signing only
what this run rendered, the register's own check, secrets."""

MESSAGES = {
    # --- bounded reads (core/fsutil.read_bounded) --------------------------------------------------------
    "error.read.not_regular": {
        "id": "{path}: bukan berkas biasa (FIFO, perangkat seperti /dev/zero, atau soket), jadi tidak dibaca sebagai {what}. Ganti dengan berkasnya sendiri.",
        "en": "{path}: not a regular file (a FIFO, a device such as /dev/zero, or a socket), so it is not read as {what}. Replace it with the file itself.",
    },
    "error.read.too_big": {
        "id": "{path}: lebih besar dari {limit}, terlalu besar untuk {what}; berhenti membaca. Periksa berkas itu (bukan tautan ke berkas lain?) atau pulihkan dari cadangan.",
        "en": "{path}: larger than {limit}, too large for {what}; stopped reading. Check that file (not a link to something else?) or restore it from a backup.",
    },
    "error.read.bad_json": {
        "id": "{path}: {what} tidak bisa dibaca ({reason}). Pulihkan dari cadangan atau perbaiki entri itu.",
        "en": "{path}: {what} cannot be read ({reason}). Restore it from a backup or fix that entry.",
    },
    "read.line": {"id": "baris {n}", "en": "line {n}"},
    "read.expected.json": {"id": "{where}: bukan JSON ({detail})", "en": "{where}: not JSON ({detail})"},
    "what.file": {"id": "berkas", "en": "a file"},
    "what.media": {"id": "video", "en": "a video"},
    "what.ledger": {"id": "ledger (ledger.json)", "en": "the ledger (ledger.json)"},
    "what.register": {"id": "register (register.jsonl)", "en": "the register (register.jsonl)"},
    "what.manifest": {"id": "manifest (manifest.json)", "en": "the manifest (manifest.json)"},
    "what.jobfile": {"id": "berkas tugas batch", "en": "a batch job file"},
    "what.yaml": {"id": "berkas YAML", "en": "a YAML file"},
    "what.certificate": {"id": "sertifikat", "en": "a certificate"},
    "what.key": {"id": "kunci", "en": "a key"},
    "what.sidecar": {"id": "manifest C2PA terpisah (.c2pa)", "en": "a detached C2PA manifest (.c2pa)"},
    "what.json": {"id": "berkas JSON", "en": "a JSON file"},
    "what.summary": {"id": "ringkasan batch", "en": "a batch summary"},
}
MESSAGES.update({
    "error.ledger_outside": {
        "id": "{path}: entri {slot!r} menunjuk ke {value!r}, di luar folder penugasan. vidjourn hanya menandatangani dan menimpa berkas buatannya sendiri di dalam penugasan: hapus entri itu (atau hapus ledger.json lalu jalankan ulang dengan --force).",
        "en": "{path}: the entry {slot!r} points to {value!r}, outside the assignment folder. vidjourn only signs and replaces files it made inside the assignment: remove that entry (or delete ledger.json, then run again with --force).",
    },
})
MESSAGES.update({
    "error.register.unverified": {
        "id": "{path} tidak cocok dengan tanda tangannya ({sidecar}: {reason}): register diubah setelah vidjourn menandatanganinya, jadi tidak ditandatangani ulang dan tidak ada yang ditambahkan; run berhenti sebelum menandatangani apa pun. Pulihkan register itu dari cadangan (atau salinan di kantor), atau pindahkan kedua berkas itu ke folder lain untuk memulai register baru; lalu jalankan ulang.",
        "en": "{path} does not match its signature ({sidecar}: {reason}): the register was changed after vidjourn signed it, so it is not signed again and nothing is added to it; the run stops before signing anything. Restore that register from a backup (or the office's copy), or move both files to another folder to start a new register; then run again.",
    },
    "register.reason.no_sidecar": {"id": "tanda tangannya tidak ada", "en": "its signature is missing"},
    "register.reason.missing": {"id": "registernya hilang, tanda tangannya masih ada", "en": "the register is gone, its signature is still there"},
    "register.reason.count": {"id": "ditandatangani dengan {signed} entri, sekarang {now}", "en": "signed with {signed} entries, now {now}"},
})
MESSAGES.update({
    "error.keys.passphrase_not_text": {
        "id": "Kata sandi kunci {which} bukan teks UTF-8 (terminal atau variabel lingkungan memakai penyandian lain). Pakai kata sandi dari huruf, angka, dan spasi, atau setel terminal ke UTF-8, lalu coba lagi.",
        "en": "The {which} key's passphrase is not UTF-8 text (the terminal or the environment variable uses another encoding). Use a passphrase of letters, digits and spaces, or set the terminal to UTF-8, then try again.",
    },
})
