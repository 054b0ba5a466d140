"""Export on the render planner makes the same bytes as export before it (issue 18, Deliver 2).

How the recorded values were made: this file's ``_make`` was run on main at f5984ec (before
``render/plan.py``; export, brand and the profile helpers as they were) with the bundled ffmpeg
n9.0.2-17-g2a571b6068-20260930 on the 2-core build machine; it printed ``COMMANDS`` (the ffmpeg
arguments, temp folder replaced by ``{tmp}``) and ``SHAS`` (sha256 of each output file). The commands are
compared always; the file bytes only with the same ffmpeg build and core count (x264's frame threads
follow the core count), where they must be equal.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from vidjourn.core.ffmpeg import ffmpeg_path, version
from vidjourn.render.graph import build_command
from vidjourn.settings import presets
from vidjourn.settings import profiles as P
from vidjourn.stages.export import export as ex

FFMPEG_RECORDED = "n9.0.2-17-g2a571b6068-20260930"
CORES_RECORDED = 2


def _source(tmp: Path) -> Path:
    """A deterministic 2 s 320x240 25p clip with a 440 Hz tone (single-threaded, bit-exact encode)."""
    out = tmp / "src.mp4"
    subprocess.run([ffmpeg_path(), "-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=320x240:rate=25:duration=2", "-f", "lavfi", "-i",
                    "sine=frequency=440:sample_rate=48000:duration=2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-threads", "1", "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac", "-b:a", "96k",
                    "-shortest", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
                    "-map_metadata", "-1", str(out)], check=True, capture_output=True)
    return out


def _brand_hook(tmp: Path):
    from vidjourn.graphics import draw as graphics

    preset = presets.load(None, None)
    story = {"title": "Banjir di Kampung Melayu", "place": "Jakarta", "date": "2026-12-08"}

    def hook(clip, profile, geo):
        layers = graphics.layout_for(preset, geo.width, geo.height, profile.safe_area, cache_dir=tmp / "work")
        cards = graphics.cards_for(preset, geo.width, geo.height, story, profile.safe_area,
                                   cache_dir=tmp / "work")
        return layers, cards

    return hook


CASES = {
    "plain": (["whatsapp", "reels"], {}),
    "trim_brand": (["youtube", "whatsapp"], {"start": 0.4, "end": 1.6, "brand": True}),
}


def _make(tmp: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    src = _source(tmp)
    clip = ex.clip_from_file(src)
    commands, shas = {}, {}
    for case, (names, kw) in CASES.items():
        out = tmp / case
        kw = dict(kw)
        brand = _brand_hook(tmp) if kw.pop("brand", False) else None
        opts = ex.Options(speed="fast", brand=brand, analysis=False, **kw)
        planned, failures = ex.plan_clip(clip, P.load_many(names), out, opts)
        assert not failures
        cmd = build_command(src, clip.info, [p.spec for p in planned])
        commands[case] = [a.replace(str(tmp), "{tmp}") for a in cmd]
        for ev in ex.export_clips([clip], P.load_many(names), out, opts):
            if isinstance(ev, ex.ClipDone):
                assert ev.result.ok, ev.result.failures
        for p in planned:
            shas[f"{case}/{p.platform}"] = hashlib.sha256(Path(p.path).read_bytes()).hexdigest()
    return commands, shas


COMMANDS: dict[str, list[str]] = {'plain': ['-i', '{tmp}/src.mp4', '-filter_complex', '[0:v:0]split=2:outputs=2[s0][s1];[s0]fps=fps=25:start_time=0[s2];[s2]tpad=stop=-1:stop_mode=clone[s3];[s3]trim=end_frame=50[s4];[s4]scale=out_range=tv[s5];[s5]setsar=1[s6];[s6]format=yuv420p[s7];[0:a:0]aresample=async=1:first_pts=0:osr=48000[s8];[s8]asplit=2:outputs=2[s9][s10];[s10]apad[s11];[s11]atrim=end_sample=96000[s12];[s12]volume=volume=7.80dB[s13];[s13]aresample=osr=48000[s14];[s1]fps=fps=25:start_time=0[s15];[s15]tpad=stop=-1:stop_mode=clone[s16];[s16]trim=end_frame=75[s17];[s17]split=2:outputs=2[s18][s19];[s19]scale=force_original_aspect_ratio=increase:h=480:out_range=tv:w=270[s20];[s20]crop=h=480:w=270[s21];[s21]boxblur=luma_power=2:luma_radius=8[s22];[s22]scale=h=1920:w=1080[s23];[s23]setsar=1[s24];[s18]scale=force_original_aspect_ratio=decrease:h=1920:out_range=tv:w=1080[s25];[s24][s25]overlay=eof_action=repeat:x=(W-w)/2:y=(H-h)/2[s26];[s26]setsar=1[s27];[s27]format=yuv420p[s28];[s9]apad[s29];[s29]atrim=end_sample=144000[s30];[s30]volume=volume=8.10dB[s31];[s31]aresample=osr=48000[s32]', '-map', '[s7]', '-map', '[s14]', '-c:v', 'libx264', '-preset', 'faster', '-crf', '23', '-maxrate', '4000k', '-bufsize', '8000k', '-profile:v', 'high', '-level:v', '3.0', '-g', '50', '-flags', '+cgop', '-c:a', 'aac', '-b:a', '96k', '-ar', '48000', '-ac', '2', '-map_chapters', '-1', '-r', '25', '-movflags', '+faststart', '-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1', '-fflags', '+bitexact', '{tmp}/plain/whatsapp/src.mp4', '-map', '[s28]', '-map', '[s32]', '-c:v', 'libx264', '-preset', 'superfast', '-x264-params', 'rc-lookahead=10:mbtree=1', '-crf', '21', '-maxrate', '25000k', '-bufsize', '50000k', '-profile:v', 'high', '-level:v', '4.0', '-g', '50', '-flags', '+cgop', '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2', '-map_chapters', '-1', '-r', '25', '-movflags', '+faststart', '-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1', '-fflags', '+bitexact', '{tmp}/plain/reels/src.mp4'], 'trim_brand': ['-framerate', '25', '-loop', '1', '-t', '3', '-i', '{tmp}/work/graphics/titlecard-2bb8f875805abd8d1511.png', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-ss', '0.4', '-t', '2.2', '-i', '{tmp}/src.mp4', '-i', '{tmp}/work/graphics/logo-2669db22cd958d8b1e5c.png', '-framerate', '25', '-loop', '1', '-t', '3', '-i', '{tmp}/work/graphics/titlecard-bfa7f1ebf96ad56e645c.png', '-i', '{tmp}/work/graphics/logo-7785e7633f1a6b692da0.png', '-filter_complex', '[0:v]scale=h=1080:out_range=tv:w=1920[s0];[s0]setsar=1[s1];[s1]format=yuv420p[s2];[s2]trim=end_frame=75[s3];[s3]fade=duration=0.3:start_time=2.7:type=out[s4];[1:a]asplit=2:outputs=2[s5][s6];[s6]atrim=end_sample=144000[s7];[2:v:0]split=2:outputs=2[s8][s9];[s8]fps=fps=25:start_time=0[s10];[s10]tpad=stop=-1:stop_mode=clone[s11];[s11]trim=end_frame=30[s12];[s12]scale=force_original_aspect_ratio=decrease:h=1080:out_range=tv:w=1920[s13];[s13]pad=color=black:h=1080:w=1920:x=(ow-iw)/2:y=(oh-ih)/2[s14];[s14]setsar=1[s15];[s15]setpts=PTS+0.4/TB[s16];[s16][3:v]overlay=eof_action=repeat:x=1651:y=54[s17];[s17]setpts=PTS-0.4/TB[s18];[s18]format=yuv420p[s19];[s19]fade=duration=0.3:start_time=0:type=in[s20];[2:a:0]aresample=async=1:first_pts=0:osr=48000[s21];[s21]asplit=2:outputs=2[s22][s23];[s23]apad[s24];[s24]atrim=end_sample=57600[s25];[s25]afade=duration=0.3:start_time=0:type=in[s26];[s4][s7][s20][s26]concat=a=1:n=2:v=1[s27][s28];[s28]volume=volume=8.90dB[s29];[s29]aresample=osr=48000[s30];[4:v]scale=h=240:out_range=tv:w=320[s31];[s31]setsar=1[s32];[s32]format=yuv420p[s33];[s33]trim=end_frame=75[s34];[s34]fade=duration=0.3:start_time=2.7:type=out[s35];[s5]atrim=end_sample=144000[s36];[s9]fps=fps=25:start_time=0[s37];[s37]tpad=stop=-1:stop_mode=clone[s38];[s38]trim=end_frame=30[s39];[s39]scale=out_range=tv[s40];[s40]setsar=1[s41];[s41]setpts=PTS+0.4/TB[s42];[s42][5:v]overlay=eof_action=repeat:x=266:y=12[s43];[s43]setpts=PTS-0.4/TB[s44];[s44]format=yuv420p[s45];[s45]fade=duration=0.3:start_time=0:type=in[s46];[s22]apad[s47];[s47]atrim=end_sample=57600[s48];[s48]afade=duration=0.3:start_time=0:type=in[s49];[s35][s36][s46][s49]concat=a=1:n=2:v=1[s50][s51];[s51]volume=volume=8.90dB[s52];[s52]aresample=osr=48000[s53]', '-map', '[s27]', '-map', '[s30]', '-c:v', 'libx264', '-preset', 'superfast', '-x264-params', 'rc-lookahead=10:mbtree=1', '-crf', '19', '-maxrate', '8000k', '-bufsize', '16000k', '-profile:v', 'high', '-level:v', '4.0', '-g', '12', '-flags', '+cgop', '-c:a', 'aac', '-b:a', '384k', '-ar', '48000', '-ac', '2', '-map_chapters', '-1', '-r', '25', '-movflags', '+faststart', '-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1', '-fflags', '+bitexact', '{tmp}/trim_brand/youtube/src.mp4', '-map', '[s50]', '-map', '[s53]', '-c:v', 'libx264', '-preset', 'faster', '-crf', '23', '-maxrate', '4000k', '-bufsize', '8000k', '-profile:v', 'high', '-level:v', '3.0', '-g', '50', '-flags', '+cgop', '-c:a', 'aac', '-b:a', '96k', '-ar', '48000', '-ac', '2', '-map_chapters', '-1', '-r', '25', '-movflags', '+faststart', '-map_metadata', '-1', '-map_metadata:s:v', '-1', '-map_metadata:s:a', '-1', '-fflags', '+bitexact', '{tmp}/trim_brand/whatsapp/src.mp4']}
SHAS: dict[str, str] = {'plain/whatsapp': 'fc7f4c9523362c37d82496c5a7dd559e78e4d5ba33ec5c3cb44bb170146f2208', 'plain/reels': '77d32d147dfa3005de5177d80af8dcf16b4476644e66e7ecfd16ba07d7fbc523', 'trim_brand/youtube': '6c014bf97ba56c1ed6d03d7e77b0277ae8832d39851a9552295aeb283fb70b82', 'trim_brand/whatsapp': 'f5f543720ebee0178022697990a5a731004f0a1382f3f217222f73db9914916c'}


def test_export_bytes_identical_to_before_the_planner(tmp_path):
    commands, shas = _make(tmp_path)
    if os.environ.get("VIDJOURN_RECORD_IDENTITY"):
        print("COMMANDS =", repr(commands))
        print("SHAS =", repr(shas))
        pytest.skip("recorded")
    # Graphics PNG names are content hashes: the same inputs give the same names.
    assert commands == COMMANDS
    if version() != FFMPEG_RECORDED or (os.cpu_count() or 0) != CORES_RECORDED:
        pytest.skip("file bytes recorded with another ffmpeg build / core count; the commands matched")
    assert shas == SHAS
