"""Messages of the render engine's story side (the story stage's render)."""

MESSAGES = {
    "story.render.no_segments": {
        "id": "{path}: tidak ada segmen untuk platform {platform} (semua dilewati oleh only:/skip:). "
              "Ubah only:/skip: atau hapus {platform} dari platforms.",
        "en": "{path}: no segment is left for {platform} (only:/skip: leave none). Change only:/skip: or take "
              "{platform} out of platforms.",
    },
    "story.render.too_long": {
        "id": "{path}: cerita untuk {platform} berdurasi {length} detik, maksimum {max} detik. Lewati segmen "
              "untuk platform ini (skip: [{platform}]) atau buat draf lebih pendek "
              "(vidjourn story draft --length {max} --for {platform}).",
        "en": "{path}: the story for {platform} is {length} s long, its maximum is {max} s. Leave segments out of "
              "this platform (skip: [{platform}]) or draft a shorter story "
              "(vidjourn story draft --length {max} --for {platform}).",
    },
    "story.render.too_short": {
        "id": "{path}: cerita untuk {platform} berdurasi {length} detik, minimum {min} detik. Tambah segmen "
              "atau perpanjang yang ada.",
        "en": "{path}: the story for {platform} is {length} s long, its minimum is {min} s. Add segments or "
              "lengthen them.",
    },
}
