"""The ffmpeg runner: finding the binary, progress events, errors with command and stderr, cleanup."""

from __future__ import annotations

import time

import pytest

from vidjourn.core import ffmpeg
from vidjourn.core.errors import FfmpegError, FfmpegNotFound
from vidjourn.core.probe import probe


def test_progress_events_and_output(tmp_path):
    out = tmp_path / "o.mp4"
    events = list(ffmpeg.run(["-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=3", "-c:v", "libx264",
                              "-preset", "ultrafast", str(out)], outputs=[out], total=3.0))
    assert events[-1].done and events[-1].fraction == 1.0
    times = [e.out_time for e in events[:-1]]
    assert times == sorted(times)
    assert probe(out).duration == pytest.approx(3.0, abs=0.05)


def test_error_carries_command_and_stderr_tail(tmp_path):
    out = tmp_path / "never.mp4"
    with pytest.raises(FfmpegError) as err:
        ffmpeg.run_quiet(["-f", "lavfi", "-i", "testsrc2=d=1", "-vf", "no_such_filter", str(out)],
                         outputs=[out], subject="klip.mp4")
    e = err.value
    assert e.cmd[0] == ffmpeg.ffmpeg_path() and "-nostdin" in e.cmd and "no_such_filter" in e.cmd
    assert "no_such_filter" in e.stderr_tail
    msg = e.message()
    assert msg.startswith("ffmpeg failed on klip.mp4") and "Run with -v" in msg
    assert not out.exists()


def test_closing_the_run_kills_ffmpeg_and_removes_partial_output(tmp_path):
    """What Ctrl-C does: the consumer stops mid-encode; the child dies and the partial file goes."""
    out = tmp_path / "partial.mkv"
    gen = ffmpeg.run(["-re", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=60", "-c:v", "libx264",
                      "-preset", "ultrafast", str(out)], outputs=[out], total=60.0)
    for ev in gen:
        if ev.out_time > 0.3 and out.exists():
            break
    assert out.exists()  # ffmpeg has started writing it
    gen.close()  # KeyboardInterrupt in the consumer closes the generator the same way
    assert not out.exists()


def test_keyboard_interrupt_in_consumer(tmp_path):
    out = tmp_path / "ki.mkv"

    def consume():
        for ev in ffmpeg.run(["-re", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=25:d=60", "-c:v", "libx264",
                              "-preset", "ultrafast", str(out)], outputs=[out], total=60.0):
            if ev.out_time > 0.3:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        consume()
    deadline = time.monotonic() + 5
    while out.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not out.exists()


def test_binary_lookup_order(monkeypatch, tmp_path):
    ffmpeg.ffmpeg_path.cache_clear()
    try:
        real = ffmpeg.ffmpeg_path()
        ffmpeg.ffmpeg_path.cache_clear()
        monkeypatch.setenv("VIDJOURN_FFMPEG", real)
        assert ffmpeg.ffmpeg_path() == real  # the environment variable first
        ffmpeg.ffmpeg_path.cache_clear()
        bogus = tmp_path / "ffmpeg-broken"
        bogus.write_text("#!/bin/sh\nexit 3\n")
        bogus.chmod(0o755)
        monkeypatch.setenv("VIDJOURN_FFMPEG", str(bogus))
        assert ffmpeg.ffmpeg_path() != str(bogus)  # a binary that does not work is skipped
        ffmpeg.ffmpeg_path.cache_clear()
        import imageio_ffmpeg

        monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: str(bogus))
        monkeypatch.setattr(ffmpeg, "_bundled_binary", lambda: str(bogus))
        monkeypatch.setenv("PATH", str(tmp_path))
        with pytest.raises(FfmpegNotFound) as err:
            ffmpeg.ffmpeg_path()
        msg = err.value.message()
        assert f"VIDJOURN_FFMPEG={bogus}" in msg and "VIDJOURN_FFMPEG" in msg.split(").", 1)[1]
    finally:
        ffmpeg.ffmpeg_path.cache_clear()


def test_format_cmd_round_trips():
    import shlex

    args = ["ffmpeg", "-i", "klip banjir ñ.mp4", "-vf", "drawtext=text='a b'", "out [1].mp4"]
    assert shlex.split(ffmpeg.format_cmd(args)) == args
