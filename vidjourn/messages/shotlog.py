"""Messages of the shot log: shot detection, notes.yaml, writers, the `shotlog` command."""

MESSAGES: dict[str, dict[str, str]] = {
    "shotlog.error.decode_failed": {
        "id": "{path}: ffmpeg tidak dapat membaca gambar video ini (kode {code}). Periksa berkasnya dengan `vidjourn probe`; salin ulang dari kamera bila rusak.",
        "en": "{path}: ffmpeg could not read this video's pictures (exit code {code}). Check the file with `vidjourn probe`; copy it again from the camera if it is damaged.",
    },
    "shotlog.error.no_video": {
        "id": "{path}: tidak ada gambar video (hanya audio?). Shot log hanya untuk klip video; keluarkan berkas ini dari penugasan.",
        "en": "{path}: no video pictures (audio only?). The shot log is for video clips only; take this file out of the assignment.",
    },
    "shotlog.error.bad_timing": {
        "id": "{path}: waktu (pts) tiap frame tidak dapat dibaca. Jalankan dengan -v dan laporkan perintah ffmpeg-nya.",
        "en": "{path}: the time (pts) of each frame could not be read. Run with -v and report the ffmpeg command.",
    },
}
