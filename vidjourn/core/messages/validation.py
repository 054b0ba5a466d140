"""How a validation error of any settings file is worded (vidjourn.core.validation)."""

MESSAGES = {
    "settings.problem.unknown_key": {"id": "kunci tidak dikenal (salah ketik?)", "en": "unknown key (a typo?)"},
    "settings.problem.missing": {"id": "wajib diisi", "en": "required"},
    "settings.problem.got": {"id": "tertulis", "en": "got"},
    "settings.problem.empty": {"id": "tidak boleh kosong", "en": "must not be empty"},
    "settings.problem.number": {"id": "harus berupa angka", "en": "must be a number"},
    "settings.problem.integer": {"id": "harus bilangan bulat", "en": "must be a whole number"},
    "settings.problem.bool": {"id": "harus true atau false", "en": "must be true or false"},
    "settings.problem.text": {"id": "harus berupa teks", "en": "must be text"},
    "settings.problem.list": {"id": "harus berupa daftar (- butir)", "en": "must be a list (- item)"},
    "settings.problem.mapping": {"id": "harus berupa pemetaan kunci: nilai", "en": "must be a mapping of key: value"},
    "settings.problem.choice": {"id": "harus salah satu dari {expected}", "en": "must be one of {expected}"},
    "settings.problem.le": {"id": "harus paling besar {limit}", "en": "must be at most {limit}"},
    "settings.problem.lt": {"id": "harus lebih kecil dari {limit}", "en": "must be less than {limit}"},
    "settings.problem.ge": {"id": "harus paling kecil {limit}", "en": "must be at least {limit}"},
    "settings.problem.finite": {"id": "harus angka biasa (bukan nan/inf)", "en": "must be an ordinary number (not nan/inf)"},
    "settings.problem.invalid": {"id": "nilai tidak sah ({kind})", "en": "not a valid value ({kind})"},
    "settings.problem.gt": {"id": "harus lebih besar dari {limit}", "en": "must be greater than {limit}"},
}
