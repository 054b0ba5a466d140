"""What espeak-ng says in the captions tests and bench/captions_espeak (English, Indonesian, names and ranks)."""

EN = ("Good morning. The police chief said on Monday that three suspects were arrested after the robbery "
      "at the central market. Officers recovered two motorcycles and a large amount of cash. The "
      "investigation is still continuing, and the public is asked to stay calm. Anyone with information "
      "should contact the nearest police station.")

ID = ("Selamat pagi. Kepala kepolisian mengatakan pada hari Senin bahwa tiga tersangka telah ditangkap "
      "setelah perampokan di pasar pusat. Petugas menemukan dua sepeda motor dan sejumlah uang tunai. "
      "Penyelidikan masih berlanjut, dan masyarakat diminta untuk tetap tenang. Siapa pun yang memiliki "
      "informasi dapat menghubungi kantor polisi terdekat.")

# Ranks, a unit and names: what the glossary is for.
ID_NAMES = ("Kapolres Metro Jakarta Selatan, Kombes Pol Budi Santoso, mengatakan tiga tersangka sudah "
            "ditangkap. AKP Hendra Wijaya memimpin penyelidikan di Pasar Minggu.")
GLOSSARY = ["Kapolres Metro Jakarta Selatan", "Kombes Pol Budi Santoso", "AKP Hendra Wijaya", "Pasar Minggu"]


def speak(text: str, lang: str, out, rate: int = 145) -> None:
    """A WAV of espeak-ng saying ``text`` (en-us or id voice)."""
    import subprocess

    voice = {"en": "en-us", "id": "id"}[lang]
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(out), text], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
