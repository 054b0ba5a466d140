"""Messages of `vidjourn batch`, the job file and the parallel executors (process pool, Dask)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- job file --------------------------------------------------------------------------------
    "batch.error.no_jobfile": {
        "id": "Berkas job {path} tidak ada. Periksa namanya; contoh ada di examples/jobs.yaml.",
        "en": "Job file {path} does not exist. Check the name; there is an example in examples/jobs.yaml.",
    },
    "batch.error.bad_jobfile": {
        "id": "Berkas job {path} punya {count} kesalahan; belum ada yang dikerjakan. Perbaiki lalu jalankan "
              "lagi:\n{problems}",
        "en": "Job file {path} has {count} mistake(s); nothing was done. Fix them and run again:\n{problems}",
    },
    "batch.problem.not_mapping": {
        "id": "berkas job harus berupa mapping YAML (version, defaults, items)",
        "en": "a job file must be a YAML mapping (version, defaults, items)",
    },
    "batch.problem.too_big": {
        "id": "berkas {size} byte; batasnya {limit} byte", "en": "file of {size} bytes; the limit is {limit}",
    },
    "batch.problem.version_text": {
        "id": "{got!r} adalah teks (dalam tanda kutip); tulis angka tanpa kutip: 'version: {version}'",
        "en": "{got!r} is text (in quotes); write the number without quotes: 'version: {version}'",
    },
    "batch.problem.too_wide": {
        "id": "{path} terlalu luas (dari akar disk, folder rumah, atau lebih dari {n:,} berkas); sebut folder "
              "kartunya, mis. /media/kartu/DCIM/**/*.MP4",
        "en": "{path} is too wide (from the disk's root, the home folder, or more than {n:,} files); name the "
              "card's folder, e.g. /media/kartu/DCIM/**/*.MP4",
    },
    "batch.problem.version": {
        "id": "versi {got} tidak dikenal; vidjourn ini membaca versi {version}. Tulis 'version: {version}' "
              "atau perbarui vidjourn",
        "en": "unknown version {got}; this vidjourn reads version {version}. Write 'version: {version}' "
              "or update vidjourn",
    },
    "batch.problem.items": {
        "id": "harus daftar berisi minimal satu folder penugasan", "en": "must be a list of at least one assignment",
    },
    "batch.problem.item_type": {
        "id": "item harus nama folder atau mapping (folder: / into:), tertulis {got}",
        "en": "an item must be a folder name or a mapping (folder: / into:), got {got}",
    },
    "batch.problem.folder_or_into": {
        "id": "tulis tepat satu dari 'folder' (penugasan yang ada) atau 'into' (penugasan baru)",
        "en": "give exactly one of 'folder' (an existing assignment) or 'into' (a new one)",
    },
    "batch.problem.sources_need_into": {
        "id": "'sources' dan 'story' hanya untuk item 'into' (penugasan baru)",
        "en": "'sources' and 'story' belong to 'into' items (a new assignment)",
    },
    "batch.problem.into_needs_sources": {
        "id": "item 'into' perlu 'sources' (berkas yang akan diimpor)",
        "en": "an 'into' item needs 'sources' (the files to ingest)",
    },
    "batch.problem.outside": {
        "id": "{path} berada di luar folder berkas job ({base}); tulis jalur relatif di dalamnya",
        "en": "{path} is outside the job file's folder ({base}); write a relative path inside it",
    },
    "batch.problem.duplicate": {
        "id": "folder {path} sudah dipakai di {other}", "en": "folder {path} is already used by {other}",
    },
    "batch.problem.not_assignment": {
        "id": "{path} bukan folder penugasan (tidak ada vidjourn.yaml); buat dengan vidjourn init, atau "
              "pakai 'into:' dengan 'sources:'",
        "en": "{path} is not an assignment folder (no vidjourn.yaml); make it with vidjourn init, or use "
              "'into:' with 'sources:'",
    },
    "batch.problem.not_folder": {"id": "{path} ada tetapi bukan folder", "en": "{path} exists but is not a folder"},
    "batch.problem.no_source": {
        "id": "tidak ada berkas yang cocok dengan {path}", "en": "no file matches {path}",
    },
    "batch.problem.unknown_step": {
        "id": "langkah {name!r} tidak dikenal; yang ada: {names}",
        "en": "unknown step {name!r}; known: {names}",
    },
    "batch.problem.unknown_platform": {
        "id": "platform {name!r} tidak dikenal; yang ada: {names}",
        "en": "unknown platform {name!r}; known: {names}",
    },
    "batch.problem.unknown_preset": {
        "id": "preset {name!r} tidak dikenal; yang ada: {names}",
        "en": "unknown preset {name!r}; known: {names}",
    },
    # --- executors -------------------------------------------------------------------------------
    "batch.error.dask_missing": {
        "id": "Dask belum terpasang. Pasang dengan: pip install \"vidjourn[dask]\" (di komputer ini dan di "
              "setiap PC pekerja).",
        "en": "Dask is not installed. Install it with: pip install \"vidjourn[dask]\" (on this computer and "
              "on every worker PC).",
    },
    "batch.error.unreachable": {
        "id": "Scheduler Dask di {address} tidak dapat dihubungi ({reason}). Apakah 'dask scheduler' "
              "berjalan di sana dan port-nya terbuka di firewall?",
        "en": "Cannot reach the Dask scheduler at {address} ({reason}). Is 'dask scheduler' running there, "
              "and is its port open in the firewall?",
    },
    "batch.error.not_dask": {
        "id": "{address} bukan scheduler Dask (jawabannya: {said}). Periksa alamat dan port-nya: "
              "'dask scheduler' mencetak alamatnya sendiri (biasanya tcp://HOST:8786).",
        "en": "{address} is not a Dask scheduler (it answered: {said}). Check the address and port: "
              "'dask scheduler' prints its own address (usually tcp://HOST:8786).",
    },
    "batch.error.no_workers": {
        "id": "Tidak ada pekerja Dask dengan sumber daya ffmpeg=1 di {address} dalam {seconds} detik. "
              "Jalankan di tiap PC: dask worker {address} --resources ffmpeg=1 --nthreads 1",
        "en": "No Dask worker with the resource ffmpeg=1 joined {address} within {seconds} s. "
              "Start one on each PC: dask worker {address} --resources ffmpeg=1 --nthreads 1",
    },
    "batch.error.version_mismatch": {
        "id": "{who} {where} menjalankan vidjourn {theirs}, komputer ini {ours}; ditolak. Pasang versi "
              "yang sama di setiap PC: pip install \"vidjourn[dask]=={ours}\"",
        "en": "{who} {where} runs vidjourn {theirs}, this computer {ours}; refused. Install the same "
              "version on every PC: pip install \"vidjourn[dask]=={ours}\"",
    },
    "batch.who.scheduler": {"id": "Scheduler", "en": "The scheduler"},
    "batch.who.worker": {"id": "Pekerja", "en": "Worker"},
    "batch.version_none": {"id": "(vidjourn tidak terpasang)", "en": "(vidjourn not installed)"},
    "batch.error.not_reachable": {
        "id": "Folder {path} tidak terlihat di pekerja {host}. Setiap pekerja harus melihat folder job di "
              "jalur yang sama (drive bersama yang dipetakan sama di setiap PC).",
        "en": "Folder {path} is not visible on worker {host}. Every worker must see the job's folders at "
              "the same path (a shared drive mapped the same way on every PC).",
    },
    "batch.error.worker_lost": {
        "id": "Pekerja yang menjalankan tugas ini mati berulang kali ({reason}); tugas dihentikan. "
              "Periksa PC pekerja (memori, daya), lalu jalankan lagi dengan --only-failed.",
        "en": "The workers running this task died repeatedly ({reason}); the task was given up. "
              "Check the worker PCs (memory, power), then run again with --only-failed.",
    },
    "batch.error.internal": {
        "id": "Galat tak terduga di langkah {stage} ({task}): {reason}. Laporkan ini, dengan -v untuk "
              "rinciannya.",
        "en": "Unexpected error in step {stage} ({task}): {reason}. Please report it; -v shows details.",
    },
    "batch.error.cancelled_task": {"id": "dibatalkan", "en": "cancelled"},
    "batch.error.after_failed": {
        "id": "tidak dijalankan: langkah sebelumnya ({stage}) gagal untuk penugasan ini",
        "en": "not run: an earlier step ({stage}) failed for this assignment",
    },
    "batch.error.jobs": {
        "id": "--jobs harus ≥ 1 (tertulis {got})", "en": "--jobs must be ≥ 1 (got {got})",
    },
    "batch.error.two_executors": {
        "id": "Pilih satu: --jobs, --dask atau --dask-local.", "en": "Choose one: --jobs, --dask or --dask-local.",
    },
    "batch.error.no_summary": {
        "id": "Belum ada ringkasan {path} dari jalannya sebelumnya; jalankan dulu tanpa --only-failed.",
        "en": "There is no summary {path} of an earlier run yet; run once without --only-failed.",
    },
    "batch.error.bad_summary": {
        "id": "Ringkasan {path} tidak terbaca ({reason}). Hapus berkas itu dan jalankan tanpa --only-failed.",
        "en": "The summary {path} cannot be read ({reason}). Delete it and run without --only-failed.",
    },
    "batch.error.create": {
        "id": "Folder penugasan {path} tidak dapat dibuat ({reason}). Periksa izin tulis dan ruang disk.",
        "en": "Cannot create the assignment folder {path} ({reason}). Check write permission and free disk.",
    },
    "batch.error.failed_items": {
        "id": "{failed} dari {total} penugasan punya tugas yang gagal (lihat tabel). Perbaiki lalu jalankan "
              "lagi, misalnya dengan --only-failed: yang sudah selesai tidak dikerjakan ulang.",
        "en": "{failed} of {total} assignments have failed tasks (see the table). Fix them and run again, "
              "e.g. with --only-failed: what is finished is not redone.",
    },
    "batch.note.will_create": {
        "id": "folder baru: dibuat, lalu sumbernya di-ingest; tahap berikutnya direncanakan setelah itu",
        "en": "new folder: created, then its sources ingested; later steps are planned after that",
    },
    "batch.col.item": {"id": "Penugasan", "en": "Assignment"},
    "batch.col.status": {"id": "Status", "en": "Status"},
    "batch.col.done": {"id": "Dikerjakan", "en": "Done"},
    "batch.col.cached": {"id": "Tetap", "en": "Unchanged"},
    "batch.col.failed": {"id": "Gagal", "en": "Failed"},
    "batch.col.todo": {"id": "Akan dikerjakan", "en": "To do"},
    "batch.col.blocked": {"id": "Ditahan", "en": "Blocked"},
    "batch.col.last": {"id": "Terakhir", "en": "Last run"},
    "batch.col.detail": {"id": "Keterangan", "en": "Detail"},
    "batch.status.done": {"id": "selesai", "en": "done"},
    "batch.status.cached": {"id": "tidak berubah", "en": "unchanged"},
    "batch.status.failed": {"id": "gagal", "en": "failed"},
    "batch.status.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "batch.status.todo": {"id": "perlu dikerjakan", "en": "to do"},
    "batch.summary": {
        "id": "{items} penugasan: {done} tugas dikerjakan, {cached} tidak berubah, {failed} gagal — {seconds:.1f} dtk.",
        "en": "{items} assignments: {done} tasks done, {cached} unchanged, {failed} failed — {seconds:.1f} s.",
    },
    "batch.summary_dry": {
        "id": "{items} penugasan: {todo} tugas akan dikerjakan, {cached} tidak berubah, {blocked} ditahan. "
              "Tidak ada yang ditulis.",
        "en": "{items} assignments: {todo} tasks to do, {cached} unchanged, {blocked} blocked. Nothing was written.",
    },
    "batch.nothing_failed": {
        "id": "Tidak ada penugasan yang gagal atau dibatalkan di jalan terakhir ({path}); tidak ada yang dikerjakan.",
        "en": "No assignment failed or was cancelled in the last run ({path}); nothing to do.",
    },
    "batch.summary_written": {"id": "Ringkasan JSON: {path}", "en": "JSON summary: {path}"},
    "batch.last_run": {
        "id": "Jalan terakhir: {started} (kode keluar {exit_code}).",
        "en": "Last run: {started} (exit code {exit_code}).",
    },
    # --- CLI help --------------------------------------------------------------------------------
    "cli.batch_help": {
        "id": "Banyak penugasan sekaligus dari satu berkas job (YAML): di komputer ini, di beberapa proses, "
              "atau di beberapa PC dengan Dask.\n\nContoh:\n\n  vidjourn batch run jobs.yaml --jobs 2\n\n"
              "  vidjourn batch status jobs.yaml",
        "en": "Many assignments at once from one job file (YAML): on this computer, in several processes, "
              "or on several PCs with Dask.\n\nExamples:\n\n  vidjourn batch run jobs.yaml --jobs 2\n\n"
              "  vidjourn batch status jobs.yaml",
    },
    "cli.batch_run_help": {
        "id": "Jalankan setiap penugasan di JOBS.yaml (contoh berkomentar: examples/jobs.yaml). Berkas job "
              "diperiksa utuh dulu; penugasan yang gagal tidak menghentikan yang lain; jalankan ulang: hanya "
              "yang kurang yang dikerjakan. Kode keluar: 0 semua selesai/tetap, 1 ada yang gagal, 2 berkas job "
              "salah, 3 Dask tidak terhubung, 130 dibatalkan.\n\nContoh:\n\n  vidjourn batch run jobs.yaml "
              "--jobs 2\n\n  vidjourn batch run jobs.yaml --dask tcp://192.168.1.10:8786\n\n"
              "  vidjourn batch run jobs.yaml --dry-run",
        "en": "Run every assignment of JOBS.yaml (a commented example: examples/jobs.yaml). The job file is "
              "checked whole first; a failed assignment does not stop the others; run it again and only what "
              "is missing is done. Exit codes: 0 all done/unchanged, 1 something failed, 2 job file error, "
              "3 Dask unreachable, 130 cancelled.\n\nExamples:\n\n  vidjourn batch run jobs.yaml --jobs 2\n\n"
              "  vidjourn batch run jobs.yaml --dask tcp://192.168.1.10:8786\n\n"
              "  vidjourn batch run jobs.yaml --dry-run",
    },
    "cli.batch_status_help": {
        "id": "Apa yang sudah selesai dan apa yang masih perlu dikerjakan untuk JOBS.yaml, dengan hasil jalan "
              "terakhir. Tidak menulis apa pun.\n\nContoh:\n\n  vidjourn batch status jobs.yaml --json",
        "en": "What is finished and what is still to do for JOBS.yaml, with the last run's result. Writes "
              "nothing.\n\nExample:\n\n  vidjourn batch status jobs.yaml --json",
    },
    "cli.batch_jobs_help": {
        "id": "Jumlah proses di komputer ini (bawaan 1: satu per satu).",
        "en": "Number of processes on this computer (default 1: one at a time).",
    },
    "cli.batch_dask_help": {
        "id": "Alamat scheduler Dask, mis. tcp://192.168.1.10:8786 (perlu pip install \"vidjourn[dask]\").",
        "en": "Address of a Dask scheduler, e.g. tcp://192.168.1.10:8786 (needs pip install \"vidjourn[dask]\").",
    },
    "cli.batch_dask_local_help": {
        "id": "Jalankan klaster Dask dengan N pekerja di komputer ini (untuk mencoba).",
        "en": "Start a Dask cluster of N workers on this computer (to try it out).",
    },
    "cli.batch_dry_run_help": {
        "id": "Tampilkan tiap tugas: dikerjakan, tetap atau ditahan, dan alasannya. Tidak menulis apa pun.",
        "en": "Show each task: run, unchanged or blocked, and why. Writes nothing.",
    },
    "cli.batch_only_failed_help": {
        "id": "Hanya penugasan yang gagal atau dibatalkan di jalan terakhir.",
        "en": "Only the assignments that failed or were cancelled in the last run.",
    },
}
