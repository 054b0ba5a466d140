"""Texts shared by every command's options (issue 22: the same option names for the same things)."""

MESSAGES = {
    "cli.dry_run_help": {
        "id": "Tampilkan apa yang akan dibuat atau ditulis, tanpa menulis apa pun.",
        "en": "Show what would be made or written, without writing anything.",
    },
    "cli.dry_run_would_write": {
        "id": "Uji coba (--dry-run): akan menulis {path}",
        "en": "Dry run (--dry-run): would write {path}",
    },
    "cli.dry_run_title": {
        "id": "Uji coba (--dry-run): tidak ada yang ditulis. {todo} dari {total} tugas akan dikerjakan:",
        "en": "Dry run (--dry-run): nothing written. {todo} of {total} tasks would run:",
    },
}
