"""Messages for hostile and broken input: OS errors, unsafe YAML, paths leaving the assignment, locks."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- OS errors (core/errors.os_error): the file, what is wrong, what to do ---------------------------
    "error.os.no_space": {
        "id": "{path}: ruang disk habis (No space left on device). Kosongkan ruang di drive itu atau pilih folder lain, lalu jalankan ulang perintah yang sama.",
        "en": "{path}: no space left on the drive (No space left on device). Free some space on that drive or choose another folder, then run the same command again.",
    },
    "error.os.too_large": {
        "id": "{path}: berkas terlalu besar untuk drive ini (mis. FAT32 maks. 4 GB). Simpan ke drive NTFS/exFAT/ext4.",
        "en": "{path}: the file is too large for this drive (FAT32 holds at most 4 GB). Write to an NTFS/exFAT/ext4 drive.",
    },
    "error.os.permission": {
        "id": "{path}: izin ditolak (permission denied). Pastikan Anda boleh membaca/menulis berkas atau folder itu (minta pemiliknya, atau salin ke folder milik Anda).",
        "en": "{path}: permission denied. Make sure you may read/write that file or folder (ask its owner, or copy it into a folder of your own).",
    },
    "error.os.read_only": {
        "id": "{path}: drive atau folder hanya-baca (read-only). Geser kunci tulis kartu, pasang ulang drive dengan izin tulis, atau pilih folder lain.",
        "en": "{path}: the drive or folder is read-only. Slide the card's write-lock off, remount the drive writable, or choose another folder.",
    },
    "error.os.not_dir": {
        "id": "{path}: sebagian jalur ini adalah berkas, bukan folder (not a folder). Pindahkan atau ganti nama berkas itu, lalu jalankan ulang.",
        "en": "{path}: part of this path is a file, not a folder. Move or rename that file, then run again.",
    },
    "error.os.is_dir": {
        "id": "{path}: ini folder, padahal yang dibutuhkan berkas. Sebut sebuah berkas.",
        "en": "{path}: this is a folder where a file is needed. Name a file.",
    },
    "error.os.exists": {
        "id": "{path}: sudah ada. Pindahkan atau ganti namanya, lalu jalankan ulang.",
        "en": "{path}: already exists. Move or rename it, then run again.",
    },
    "error.os.missing": {
        "id": "{path}: berkas atau folder tidak ditemukan. Periksa jalurnya (atau apakah drive masih terpasang).",
        "en": "{path}: no such file or folder. Check the path (and that the drive is still connected).",
    },
    "error.os.broken_link": {
        "id": "{path}: tautan (symlink) ke berkas yang tidak ada. Salin berkas aslinya, bukan tautannya.",
        "en": "{path}: a link (symlink) to a file that does not exist (broken link). Copy the real file, not the link.",
    },
    "error.os.loop": {
        "id": "{path}: tautan (symlink) berputar ke dirinya sendiri (link loop). Hapus tautan itu atau salin berkas aslinya.",
        "en": "{path}: a symbolic link that points back to itself (link loop). Remove the link or copy the real file.",
    },
    "error.os.name_too_long": {
        "id": "{path}: nama atau jalur terlalu panjang untuk sistem ini. Pindahkan ke folder dengan jalur lebih pendek.",
        "en": "{path}: the name or path is too long for this system. Move it to a folder with a shorter path.",
    },
    "error.os.io": {
        "id": "{path}: galat baca/tulis perangkat (input/output error): kartu atau disk mungkin rusak. Salin dari kartu ke disk lain dulu, lalu coba lagi.",
        "en": "{path}: the device failed to read or write (input/output error): the card or disk may be damaged. Copy from the card to another disk first, then try again.",
    },
    "error.os.too_many_files": {
        "id": "{path}: terlalu banyak berkas terbuka. Tutup program lain atau proses lebih sedikit klip sekaligus.",
        "en": "{path}: too many open files. Close other programs or process fewer clips at once.",
    },
    "error.os.no_memory": {
        "id": "{path}: memori tidak cukup. Tutup program lain atau proses lebih sedikit klip sekaligus.",
        "en": "{path}: not enough memory. Close other programs or process fewer clips at once.",
    },
    "error.os.other": {
        "id": "{path}: galat sistem berkas ({reason}). Periksa berkas/folder itu dan drive-nya, lalu jalankan ulang.",
        "en": "{path}: file system error ({reason}). Check that file/folder and its drive, then run again.",
    },
    # --- damaged originals (ingest's integrity pass) ---------------------------------------------------------
    "ingest.line_damaged": {
        "id": "! {source} → {file}: masuk, tetapi berkasnya rusak/terpotong ({reason}). Disalin apa adanya (bukti); salin ulang dari kartu bila salinan di kartu utuh, dan periksa hasil ekspornya.",
        "en": "! {source} → {file}: ingested, but the file is damaged or truncated ({reason}). It was copied as it is (evidence); copy it again from the card if the card's copy is whole, and check what you export from it.",
    },
    "export.warn_damaged": {
        "id": "{clip}: berkas aslinya rusak/terpotong ({reason}); hanya bagian yang terbaca yang diekspor.",
        "en": "{clip}: the original is damaged or truncated ({reason}); only what can be read is exported.",
    },
    # --- presets: validation opens what it validates ---------------------------------------------------------
    "brand.problem.outside": {
        "id": "{file!r} menunjuk ke luar folder preset. Taruh berkasnya di samping preset, atau tulis jalur lengkap (absolut) bila memang sengaja memakai berkas di tempat lain.",
        "en": "{file!r} points outside the preset's folder. Put the file beside the preset, or write a full (absolute) path if using a file elsewhere is deliberate.",
    },
    "brand.problem.not_image": {
        "id": "{file!r} bukan gambar yang dapat dibaca ({reason}). Simpan ulang sebagai PNG.",
        "en": "{file!r} is not a readable image ({reason}). Save it again as a PNG.",
    },
    "brand.problem.too_many_pixels": {
        "id": "{file!r} berukuran {width}×{height} piksel, lebih dari {limit} megapiksel. Perkecil gambarnya (logo cukup 1000 piksel).",
        "en": "{file!r} is {width}×{height} pixels, more than {limit} megapixels. Make it smaller (1000 pixels is plenty for a logo).",
    },
    "brand.problem.not_font": {
        "id": "{file!r} bukan berkas fon yang dapat dimuat ({reason}). Pakai berkas .ttf/.otf, atau salah satu fon bawaan.",
        "en": "{file!r} is not a font that loads ({reason}). Use a .ttf/.otf file, or one of the bundled fonts.",
    },
    "export.problem.extends_loop": {
        "id": "'{name}' kembali ke dirinya lewat rantai extends (a → b → a); hapus salah satu extends.",
        "en": "'{name}' comes back to itself through a chain of extends (a → b → a); remove one of them.",
    },
    "export.problem.extends_name": {
        "id": "{value} bukan nama profil; tulis nama saja (mis. whatsapp), bukan jalur.",
        "en": "{value} is not a profile name; write a name (e.g. whatsapp), not a path.",
    },
    "export.error.check_failed": {
        "id": "{path}: hasil ekspor tidak lolos `vidjourn check` untuk {platform}: {reasons}. Tidak diterbitkan; berkasnya dipindah ke {aside} untuk diperiksa. Laporkan ini (jalankan dengan -v).",
        "en": "{path}: the export does not pass `vidjourn check` for {platform}: {reasons}. Not published; the file was moved to {aside} for a look. Please report this (run with -v).",
    },
    "export.line_existing": {
        "id": "= {clip}: {platform}: {path} sudah ada, disimpan (--force untuk membuat ulang)",
        "en": "= {clip}: {platform}: {path} already exists, kept (--force to make it again)",
    },
    "export.warn_lower_third_no_clip": {
        "id": "{path}: lower_thirds menyebut klip {clip!r}, tetapi tidak ada klip dengan nama itu; lower third itu tidak dipakai. Tulis id klip (mis. 20261112_apel_001) atau nama berkasnya.",
        "en": "{path}: lower_thirds names the clip {clip!r}, but no clip has that name; that lower third is not used. Write the clip's id (e.g. 20261112_apel_001) or its file name.",
    },
    "brand.subs_cue": {"id": "teks {label} (baris {line})", "en": "cue {label} (line {line})"},
    "brand.warn_subs_skipped": {
        "id": "{path}: {n} bagian tidak terbaca dan dilewati: {items}. Teks lainnya tetap dipakai; perbaiki waktu (00:00:01,500 --> 00:00:03,000) lalu jalankan ulang bila perlu.",
        "en": "{path}: {n} part(s) could not be read and were skipped: {items}. The other cues are used; fix the times (00:00:01,500 --> 00:00:03,000) and run again if needed.",
    },
    # --- YAML --------------------------------------------------------------------------------------------
    "error.yaml_too_big": {
        "id": "{path}: terlalu besar untuk dibaca dengan aman (lebih dari {what}; mis. alias YAML *nama yang berlipat). Berkas vidjourn biasanya beberapa KB: hapus alias yang berulang atau pecah berkasnya.",
        "en": "{path}: too large to read safely (more than {what}; e.g. YAML aliases *name multiplying). A vidjourn YAML file is a few KB: remove the repeated aliases or split the file.",
    },
    "error.bad_type": {
        "id": "{path}: {key} harus {expected}, bukan {got}. Perbaiki nilai itu lalu coba lagi.",
        "en": "{path}: {key} must be {expected}, not {got}. Fix that value and try again.",
    },
    "type.name": {"id": "sebuah nama (teks)", "en": "a name (text)"},
    "type.list_names": {"id": "daftar nama, mis. [reels, whatsapp]", "en": "a list of names, e.g. [reels, whatsapp]"},
    "type.list_lower_thirds": {
        "id": "daftar lower third, mis. [{clip: ..., name: ..., start: 0}]",
        "en": "a list of lower thirds, e.g. [{clip: ..., name: ..., start: 0}]",
    },
    "type.text": {"id": "teks", "en": "text"},
    # --- paths read from files ---------------------------------------------------------------------------
    "error.path_outside": {
        "id": "{source}: jalur {value!r} menunjuk ke luar {where} ({root}). vidjourn hanya membaca berkas di dalamnya: perbaiki entri itu (jalur relatif, seperti raw/klip.mp4).",
        "en": "{source}: the path {value!r} points outside {where} ({root}). vidjourn only reads files inside it: fix that entry (a relative path, like raw/clip.mp4).",
    },
    "where.assignment": {"id": "folder penugasan", "en": "the assignment folder"},
    "where.raw": {"id": "folder raw/ penugasan", "en": "the assignment's raw/ folder"},
    "where.preset": {"id": "folder preset", "en": "the preset's folder"},
    # --- one writer per assignment -------------------------------------------------------------------------
    "error.locked": {
        "id": "{path}: sedang dipakai (busy) oleh `vidjourn {command}` lain (proses {pid}, sejak {since}). Tunggu sampai selesai, lalu jalankan ulang. Bila proses itu sudah tidak ada, kunci dilepas sendiri.",
        "en": "{path}: busy — another `vidjourn {command}` is writing in this assignment (process {pid}, since {since}). Wait for it to finish, then run again. If that process is gone, the lock frees itself.",
    },
    # --- names ---------------------------------------------------------------------------------------------
    "error.did_you_mean": {"id": " Maksud Anda {names}?", "en": " Did you mean {names}?"},
    "cli.flag_after_command": {
        "id": "{flag} ditulis setelah nama perintah; dipakai seolah ditulis sebelumnya.",
        "en": "{flag} came after the command name; used as if written before it.",
    },
}
