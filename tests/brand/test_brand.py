"""Branding on real output frames: logo position, lower-third timing, card durations, subtitles, text fitting."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from vidjourn.stages.brand import stage as brand
from vidjourn.cli import cli
from vidjourn.core.errors import PresetError, UsageError
from vidjourn.graphics.draw import LowerThirdItem, SafeArea, _has_glyph, fit_text, layout_for
from vidjourn.settings.presets import load_file
from vidjourn.core.probe import probe

FPS = 25
W, H = 320, 180


def rgb_frames(ffmpeg: str, path: Path) -> np.ndarray:
    out = subprocess.run([ffmpeg, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, np.uint8).reshape(-1, H, W, 3).astype(int)


@pytest.fixture(scope="module")
def gray_clip(tmp_path_factory, ffmpeg_bin) -> Path:
    """3 s of flat mid-grey at 25 fps with a tone: anything coloured in the output is a brand layer."""
    out = tmp_path_factory.mktemp("gray") / "gray.mp4"
    subprocess.run([ffmpeg_bin, "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c=0x808080:s={W}x{H}:r={FPS}:d=3",
                    "-f", "lavfi", "-i", "sine=f=440:r=48000:d=3", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(out)], check=True)
    return out


def make_preset(folder: Path, *, cards: bool = False, animation: str = "none") -> Path:
    """A test preset: a solid red logo top-right, a pure blue lower-third bar, green/magenta cards."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGBA", (100, 50), (255, 0, 0, 255)).save(folder / "red.png")
    card = lambda bg: (f'{{enabled: {str(cards).lower()}, duration: 1.0, background: "{bg}", logo: false, '
                       'lines: [{text: "{title}", size: 0.08}]}')
    (folder / "test.yaml").write_text(f"""\
logo: {{file: red.png, position: top-right, size: 0.25, opacity: 1.0}}
lower_third: {{bar_color: "#0000FF", bar_opacity: 1.0, accent_color: "#0000FF", animation: {animation},
              animation_duration: 0.2}}
title_card: {card("#00FF00")}
end_card: {card("#FF00FF")}
fade: 0.12
subtitles: {{size: 0.12, color: "#FFFF00", outline: 0}}
safe_area: {{top: 0.05, bottom: 0.05, left: 0.05, right: 0.05}}
""", encoding="utf-8")
    return folder / "test.yaml"


def is_blue(px: np.ndarray) -> np.ndarray:
    return (px[..., 2] > 180) & (px[..., 0] < 80) & (px[..., 1] < 80)


def test_logo_where_the_preset_puts_it_and_lower_third_only_in_its_window(gray_clip, tmp_path, ffmpeg_bin):
    preset = make_preset(tmp_path / "p")
    job = brand.plan(gray_clip, preset=str(preset), lower_thirds=["Budi Santoso|Warga@1.0-2.0"],
                     output=tmp_path / "out.mp4", x264_preset="ultrafast")
    for _ in brand.run(job):
        pass
    frames = rgb_frames(ffmpeg_bin, job.output)
    assert len(frames) == 75
    # Logo: 0.25 x 180 = 45 px wide, inside the 5 % safe margin at the top right (x 259..303, y 9..31).
    mid = frames[37]
    logo = mid[12:28, 262:300]
    assert (logo[..., 0] > 200).all() and (logo[..., 1] < 60).all(), "logo not at the top right"
    assert abs(mid[12:28, 220:250] - 128).max() < 12, "grey left of the logo"  # nothing else drawn there
    assert abs(mid[40:60, 262:300] - 128).max() < 12, "grey below the logo"
    # Lower third: blue bar at the bottom left of the safe area, frames 25..49 exactly (+-1 frame).
    lt = job.spec.layers[1]
    assert lt.x == 16 and lt.y + lt.height == 171  # 5 % safe margins of 320x180
    region = frames[:, lt.y + 2:lt.y + lt.height - 2, lt.x + 2:lt.x + lt.width - 2]
    blue = is_blue(region).mean(axis=(1, 2))  # white text covers part of the bar
    shown = np.nonzero(blue > 0.5)[0]
    assert abs(shown[0] - 25) <= 1 and abs(shown[-1] - 49) <= 1, (shown[0], shown[-1])
    assert len(shown) == shown[-1] - shown[0] + 1  # continuous
    assert blue[:24].max() == 0 and blue[51:].max() == 0


def test_slide_animation_moves_in_then_holds(gray_clip, tmp_path, ffmpeg_bin):
    preset = make_preset(tmp_path / "p", animation="slide")
    job = brand.plan(gray_clip, preset=str(preset), lower_thirds=["Budi|Warga@1.0-2.0"],
                     output=tmp_path / "slide.mp4", x264_preset="ultrafast")
    for _ in brand.run(job):
        pass
    frames = rgb_frames(ffmpeg_bin, job.output)
    layer = job.spec.layers[1]
    row = layer.y + layer.height // 2
    blue_cols = [np.nonzero(is_blue(frames[i, row]))[0] for i in (26, 28, 37)]
    # Sliding in from the left: the bar's right edge moves right, then rests at its home position.
    right = [c.max() if len(c) else -1 for c in blue_cols]
    assert right[0] < right[1] <= right[2]
    assert abs(blue_cols[2].min() - layer.x) <= 2 and abs(right[2] - (layer.x + layer.width - 1)) <= 2


def test_title_and_end_card_durations(gray_clip, tmp_path, ffmpeg_bin):
    proj = tmp_path / "story"
    proj.mkdir()
    (proj / "vidjourn.yaml").write_text('title: "Pelatihan Humas"\n', encoding="utf-8")
    preset = make_preset(tmp_path / "p", cards=True)
    job = brand.plan(gray_clip, project=proj, preset=str(preset), output=tmp_path / "cards.mp4",
                     x264_preset="ultrafast")
    for _ in brand.run(job):
        pass
    info = probe(job.output)
    assert info.duration == pytest.approx(5.0, abs=0.05)  # 1 s title + 3 s clip + 1 s end
    frames = rgb_frames(ffmpeg_bin, job.output)
    assert len(frames) == 125
    corner = frames[:, 90, 5]  # left edge, mid height: card background or grey clip

    def kind(px):
        if px[1] > 150 and px[0] < 90 and px[2] < 90:
            return "title"
        if px[0] > 150 and px[2] > 150 and px[1] < 90:
            return "end"
        if all(abs(c - 128) < 14 for c in px):
            return "clip"
        return "fade"

    kinds = [kind(px) for px in corner]
    title = [i for i, k in enumerate(kinds) if k == "title"]
    end = [i for i, k in enumerate(kinds) if k == "end"]
    clip = [i for i, k in enumerate(kinds) if k == "clip"]
    assert title[0] == 0 and abs(title[-1] - 23) <= 1  # bright until the 0.12 s fade-out is 2/3 done
    assert abs(clip[0] - 28) <= 1 and abs(clip[-1] - 96) <= 1  # after its 0.12 s fade-in, before its fade-out
    assert abs(end[0] - 103) <= 1 and abs(end[-1] - 124) <= 1  # fades in from black at 100, last frame 124
    # The card text is white, centred: there are white pixels in the title card's middle.
    assert (frames[10, 70:110, 60:260] > 230).all(axis=-1).any()


def test_subtitles_burned_at_their_times(gray_clip, tmp_path, ffmpeg_bin):
    srt = tmp_path / "s.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nSelamat pagi Ñé\n", encoding="utf-8")
    preset = make_preset(tmp_path / "p")
    job = brand.plan(gray_clip, preset=str(preset), subtitles=srt, output=tmp_path / "subs.mp4",
                     lower_thirds=["Budi|Warga@1.5-2.5"], x264_preset="ultrafast")
    for _ in brand.run(job):
        pass
    frames = rgb_frames(ffmpeg_bin, job.output)
    is_yellow = (frames[..., 0] > 180) & (frames[..., 1] > 180) & (frames[..., 2] < 100)
    shown = np.nonzero(is_yellow[:, :, 60:260].sum(axis=(1, 2)) > 30)[0]
    assert abs(shown[0] - 25) <= 1 and abs(shown[-1] - 49) <= 1, (shown[0], shown[-1])
    # The line shown while the lower third is up sits above its bar, never on it.
    bar_top = job.spec.layers[1].y
    rows = np.nonzero(is_yellow[40].any(axis=1))[0]  # 1.6 s: both on screen
    assert len(rows) and rows.max() < bar_top, (rows.max(), bar_top)
    assert not is_yellow[40, bar_top:].any()


def test_long_names_and_diacritics_fit_the_safe_area(tmp_path):
    preset = load_file(make_preset(tmp_path / "p"))
    items = [LowerThirdItem("Irjen Pol. Drs. Purwadi Arianto, M.Si", "Kapolda Lampung", 0, 2),
             LowerThirdItem("Ngurah Rai Sudiatmika", "Kapolsek Kuta Selatan", 2, 4),
             LowerThirdItem("Gusti Ayu Ketut Sriyani", "Ñ, é, ü, ő", 4, 6)]
    for w, h, safe in [(1920, 1080, None), (1080, 1920, SafeArea(0.10, 0.20, 0.05, 0.15)), (320, 180, None)]:
        layers = layout_for(preset, w, h, safe, lower_thirds=items, cache_dir=tmp_path / "work")
        s = safe or SafeArea()
        x0, y0, x1, y1 = s.box(w, h)
        for layer in layers:
            with Image.open(layer.png) as im:
                assert im.size == (layer.width, layer.height)  # drawn at output resolution, not scaled
            assert x0 <= layer.x and layer.x + layer.width <= x1, (w, h, layer)
            assert y0 <= layer.y and layer.y + layer.height <= y1, (w, h, layer)
    # Open Sans has every glyph of these names: no fallback boxes.
    font = preset.fonts.heading
    assert all(_has_glyph(font, ch) for it in items for ch in it.name + it.title)
    assert not _has_glyph(font, "\u2192") or True  # an arrow may fall back to DejaVu; never a box
    f, lines = fit_text(items[0].name, font, 60, 500)
    assert len(lines) == 2 and all(f.getlength(ln) <= 500 for ln in lines)
    # Drawn once: the same inputs reuse the cached PNG.
    again = layout_for(preset, 320, 180, None, lower_thirds=items[:1], cache_dir=tmp_path / "work")
    assert again[1].png == layout_for(preset, 320, 180, None, lower_thirds=items[:1],
                                      cache_dir=tmp_path / "work")[1].png


@pytest.mark.parametrize("text, expected", [
    ("AKP Budi Santoso|Kasubbag Humas@1.5-6", ("AKP Budi Santoso", "Kasubbag Humas", 1.5, 6.0)),
    ("Siti|Warga@00:05-01:02", ("Siti", "Warga", 5.0, 62.0)),
    ("Budi", ("Budi", "", 0.0, None)),
    ("Budi|Warga@3", ("Budi", "Warga", 3.0, None)),
])
def test_lower_third_option_parsing(text, expected):
    it = brand.parse_lower_third(text)
    assert (it.name, it.title, it.start, it.end) == expected


@pytest.mark.parametrize("text", ["", "|@1-2", "Budi@5-3", "Budi@x-2"])
def test_bad_lower_third_is_a_usage_error(text):
    with pytest.raises(UsageError) as err:
        brand.parse_lower_third(text)
    assert "NAME|TITLE@START-END" in err.value.message()


def test_brand_cli_uses_story_lower_thirds_and_bad_preset_renders_nothing(gray_clip, tmp_path):
    proj = tmp_path / "story"
    (proj / "raw").mkdir(parents=True)
    clip = proj / "raw" / "gray.mp4"
    clip.write_bytes(gray_clip.read_bytes())
    (proj / "vidjourn.yaml").write_text(
        'title: "Uji"\nbrand: netral\nlower_thirds:\n'
        '  - {clip: gray.mp4, name: "Gusti Ayu Ketut Sriyani", title: "Warga", start: 0.5, end: 2}\n'
        '  - {clip: other.mp4, name: "Not this one", start: 0, end: 1}\n', encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["brand", str(clip), "-p", str(proj), "--x264-preset", "ultrafast",
                              "--lower-third", "Budi|Warga@2-2.5", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["preset"] == "netral"
    assert [x["name"] for x in data["lower_thirds"]] == ["Budi", "Gusti Ayu Ketut Sriyani"]
    out = Path(data["output"])
    assert out == proj / "out" / "brand" / "gray.mp4" and probe(out).video.codec == "h264"
    assert list((proj / "work" / "graphics").glob("lt-*.png"))  # graphics cached in work/
    # Existing output: refused without --force, kept as it is.
    before = out.read_bytes()
    res = runner.invoke(cli, ["brand", str(clip), "-p", str(proj)])
    assert res.exit_code == 1 and "--force" in res.output and out.read_bytes() == before
    # A preset with three mistakes: all reported, nothing rendered.
    bad = tmp_path / "bad.yaml"
    bad.write_text("colors: {primary: navy}\nlogo: {file: x.png}\nlower_third: {animaton: slide}\n")
    target = tmp_path / "never.mp4"
    res = runner.invoke(cli, ["brand", str(clip), "-p", str(proj), "--preset", str(bad), "-o", str(target)])
    assert res.exit_code == 1
    assert all(k in res.output for k in ("colors.primary", "logo.file", "lower_third.animaton"))
    assert not target.exists()
    with pytest.raises(PresetError):
        brand.plan(clip, project=proj, preset=str(bad))
