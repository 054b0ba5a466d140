"""Messages of the pipeline: stages, `vidjourn run`, plans and summaries."""

MESSAGES: dict[str, dict[str, str]] = {
    "text": {"id": "{text}", "en": "{text}"},
    "error.internal": {
        "id": "Kesalahan internal vidjourn ({what}). Laporkan ke pengembang beserta perintah yang dijalankan; tugas lain tetap dilanjutkan.",
        "en": "Internal vidjourn error ({what}). Please report it with the command you ran; the other tasks carry on.",
    },
    "export.line_output": {"id": "{platform}: {path}", "en": "{platform}: {path}"},
    "stage.ingest": {"id": "Ingest", "en": "Ingest"},
    "stage.brand": {"id": "Branding", "en": "Branding"},
    "stage.export": {"id": "Ekspor", "en": "Export"},
    "stage.shotlog": {"id": "Log shot", "en": "Shot log"},
    "run.error.unknown_step": {
        "id": "Langkah '{step}' tidak dikenal. Pilihan: {choices}.",
        "en": "Unknown step '{step}'. Choose from: {choices}.",
    },
    "run.error.no_sources": {
        "id": "{path}: belum ada klip. Beri folder kartu memori: vidjourn run KARTU -p {path}",
        "en": "{path}: no clips yet. Give the memory card folder: vidjourn run CARD -p {path}",
    },
    "run.task": {"id": "{stage} {clip}", "en": "{stage} {clip}"},
    "run.overall": {"id": "Semua ({done}/{total} tugas)", "en": "All ({done}/{total} tasks)"},
    "run.status.done": {"id": "selesai", "en": "done"},
    "run.status.cached": {"id": "tetap (tidak berubah)", "en": "unchanged"},
    "run.status.failed": {"id": "gagal", "en": "failed"},
    "run.status.blocked": {"id": "ditahan", "en": "blocked"},
    "run.col.stage": {"id": "Tahap", "en": "Stage"},
    "run.col.clip": {"id": "Klip", "en": "Clip"},
    "run.col.status": {"id": "Status", "en": "Status"},
    "run.col.detail": {"id": "Keterangan", "en": "Detail"},
    "run.summary": {
        "id": "{done} dikerjakan, {cached} tidak berubah, {failed} gagal — {seconds:.1f} dtk.",
        "en": "{done} done, {cached} unchanged, {failed} failed — {seconds:.1f} s.",
    },
    "run.nothing_to_do": {
        "id": "Semua keluaran sudah terkini; tidak ada yang ditulis ulang. (--force untuk membuat ulang.)",
        "en": "Every output is up to date; nothing was rewritten. (--force to remake them.)",
    },
    "run.reason.changed": {"id": "berubah: {parts}", "en": "changed: {parts}"},
    "run.reason.new": {"id": "baru", "en": "new"},
    "run.reason.force": {"id": "--force", "en": "--force"},
    "run.reason.depends": {"id": "menunggu {task}", "en": "waits for {task}"},
    "run.error.failed_tasks": {
        "id": "{failed} dari {total} tugas gagal (lihat di atas). Perbaiki lalu jalankan ulang: hanya yang kurang yang dikerjakan.",
        "en": "{failed} of {total} tasks failed (see above). Fix them and run again: only what is missing is done.",
    },
    "cli.run_help": {
        "id": "Dari kartu memori sampai semua berkas siap unggah, satu perintah: ingest (bila SUMBER diberikan) → ekspor ke platform di vidjourn.yaml (atau --to) → shot log. Jalankan lagi: hanya yang kurang atau berubah yang dikerjakan; tanpa perubahan tidak ada berkas yang ditulis ulang.\n\nContoh:\n\n  vidjourn run /media/KARTU/DCIM -p 2026-11-12_apel\n\n  vidjourn run --to reels,whatsapp\n\n  vidjourn run --steps export --force",
        "en": "From memory card to every publishable file in one command: ingest (when SOURCES are given) → export to the platforms in vidjourn.yaml (or --to) → shot log. Run it again and only what is missing or changed is done; with no change, no file is rewritten.\n\nExamples:\n\n  vidjourn run /media/CARD/DCIM -p 2026-11-12_parade\n\n  vidjourn run --to reels,whatsapp\n\n  vidjourn run --steps export --force",
    },
    "cli.run_to_help": {
        "id": "Platform, dipisah koma (bawaan: daftar platforms di vidjourn.yaml).",
        "en": "Platforms, comma-separated (default: the platforms list in vidjourn.yaml).",
    },
    "cli.run_steps_help": {
        "id": "Tahap yang dijalankan, dipisah koma: ingest, brand, export, shotlog, ... (bawaan: ingest, export, shotlog).",
        "en": "Steps to run, comma-separated: ingest, brand, export, shotlog, ... (default: ingest, export, shotlog).",
    },
    "demo.error_step": {
        "id": "Tahap {step} gagal:\n{problems}",
        "en": "Step {step} failed:\n{problems}",
    },
}
