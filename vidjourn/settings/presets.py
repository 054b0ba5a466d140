"""Brand presets: the house look (colours, fonts, logo, lower thirds, cards, subtitles, safe area) as YAML.

A preset is found through :mod:`vidjourn.core.lookup` (kind ``brand``): a path > the assignment's
``presets/brand/`` > the user's config folder > built-in ``presets/brand/``. Files starting with ``_``
(``_template.yaml``) are not listed but can be copied.

Validation is strict and whole (pydantic): unknown keys, wrong types, bad colours and missing font or
logo files are ALL collected into one :class:`~vidjourn.core.errors.PresetError` naming the file and each
key path (``lower_third.animation: ...``). Nothing is rendered from a preset that does not validate.

Sizes are fractions so one preset fits every output geometry: text sizes and the logo width are
fractions of the frame's shorter side; margins and safe areas are fractions of width/height.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from vidjourn.core import lookup, validation
from vidjourn.core.errors import ConfigError, PresetError, UsageError
from vidjourn.core.finite import FINITE
from vidjourn.core.i18n import t

KIND = "brand"
DEFAULT_PRESET = "humas"

Color = Annotated[str, StringConstraints(pattern=r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")]
Fraction01 = Annotated[float, Field(ge=0, le=1)]
TextSize = Annotated[float, Field(gt=0, le=0.5)]
Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]


def bundled_fonts_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fonts"


class _Strict(BaseModel):
    model_config = ConfigDict(**FINITE, extra="forbid", strict=True, frozen=True)


MAX_IMAGE_PIXELS = 40_000_000  # a logo or card background: 8K x 5K at most; a decompression bomb is far past


def _resolve_file(value: str | None, info: ValidationInfo, *, fonts: bool) -> str | None:
    """A file named relative to the preset (or a bundled font); must exist. Returns an absolute path.

    A relative path must stay inside the preset's folder (``../../etc/passwd`` is refused): a preset
    handed around between units cannot make vidjourn read files beside it. Using a file elsewhere is
    a deliberate choice, written as an absolute path (documented in README's "bad input")."""
    if value is None:
        return None
    base = Path((info.context or {}).get("base", "."))
    cands = [Path(value).expanduser()]
    if not cands[0].is_absolute():
        inside = os.path.realpath(base)
        if os.path.commonpath([inside, os.path.realpath(base / value)]) != inside:
            raise ValueError(t("brand.problem.outside", file=value))
        cands = [base / value]
        if fonts:
            cands.append(bundled_fonts_dir() / value)
    for c in cands:
        if c.is_file():
            return str(c.resolve())
    raise ValueError(t("brand.problem.file_missing", file=value))


def _check_image(path: str | None, value: str | None) -> str | None:
    """Open the image the way drawing will: it must decode, within :data:`MAX_IMAGE_PIXELS`.
    So `presets validate` and `brand` agree: a text file named .png or a PNG bomb fails here."""
    if path is None:
        return None
    from PIL import Image

    try:
        with Image.open(path) as im:
            w, h = im.size  # read from the header: nothing decoded yet
            if w * h > MAX_IMAGE_PIXELS:
                raise ValueError(t("brand.problem.too_many_pixels", file=value, width=w, height=h,
                                   limit=f"{MAX_IMAGE_PIXELS // 1_000_000}"))
            im.load()
    except ValueError:
        raise
    except Exception as exc:  # PIL raises UnidentifiedImageError, OSError, SyntaxError... on junk
        raise ValueError(t("brand.problem.not_image", file=value, reason=str(exc)[:120])) from None
    return path


def _check_font(path: str, value: str) -> str:
    """Load the font the way drawing will: a file that is not a font fails here, not mid-render."""
    from PIL import ImageFont

    try:
        ImageFont.truetype(path, 24)
    except Exception as exc:  # OSError("unknown file format"), ValueError...
        raise ValueError(t("brand.problem.not_font", file=value, reason=str(exc)[:120])) from None
    return path


class Colors(_Strict):
    primary: Color = "#0B2A5B"  # bars, card backgrounds
    accent: Color = "#C9A227"  # stripes, title lines
    text: Color = "#FFFFFF"
    secondary_text: Color = "#E6E6E6"


class Fonts(_Strict):
    # Defaults are validated too, so the bundled names resolve to absolute paths.
    model_config = ConfigDict(**FINITE, extra="forbid", strict=True, frozen=True, validate_default=True)

    heading: str = "OpenSans-Bold.ttf"  # a bundled font file name, or a path relative to the preset
    body: str = "OpenSans-Semibold.ttf"

    @field_validator("heading", "body")
    @classmethod
    def _exists(cls, v: str, info: ValidationInfo) -> str:
        return _check_font(_resolve_file(v, info, fonts=True) or v, v)


class Logo(_Strict):
    file: str | None = None  # PNG with alpha, relative to the preset; null: no logo
    position: Corner = "top-right"
    size: Annotated[float, Field(gt=0, le=0.5)] = 0.16  # logo width / the frame's shorter side
    opacity: Fraction01 = 0.9
    margin: Annotated[float, Field(ge=0, le=0.2)] = 0.0  # extra margin inside the safe area

    @field_validator("file")
    @classmethod
    def _exists(cls, v: str | None, info: ValidationInfo) -> str | None:
        path = _resolve_file(v, info, fonts=False)
        if path and not path.lower().endswith(".png"):
            raise ValueError(t("brand.problem.not_png", file=v))
        return _check_image(path, v)


class LowerThird(_Strict):
    bar_color: Color = "#0B2A5B"
    bar_opacity: Fraction01 = 0.88
    accent_color: Color = "#C9A227"
    name_color: Color = "#FFFFFF"
    title_color: Color = "#E6E6E6"
    name_size: TextSize = 0.055  # of the shorter side
    title_size: TextSize = 0.038
    min_scale: Annotated[float, Field(gt=0.3, le=1)] = 0.6  # long text shrinks down to this, then wraps
    max_lines: Annotated[int, Field(ge=1, le=4)] = 2
    max_width: Annotated[float, Field(gt=0.2, le=1)] = 0.8  # of the safe width
    position: Literal["bottom-left", "bottom-center", "bottom-right"] = "bottom-left"
    animation: Literal["slide", "fade", "none"] = "slide"
    animation_duration: Annotated[float, Field(ge=0, le=3)] = 0.4
    default_duration: Annotated[float, Field(gt=0, le=600)] = 5.0  # when a lower third gives no end


class CardLine(_Strict):
    text: str  # template: {title} {place} {date} {unit} {hashtags} {reporter} or any vidjourn.yaml key
    size: TextSize = 0.06
    font: Literal["heading", "body"] = "body"
    color: Color | None = None  # default: colors.text


class Card(_Strict):
    enabled: bool = True
    duration: Annotated[float, Field(gt=0.2, le=30)] = 3.0
    background: Color = "#0B2A5B"
    background_image: str | None = None  # relative to the preset; covers the frame
    logo: bool = True
    lines: list[CardLine] = []

    @field_validator("background_image")
    @classmethod
    def _exists(cls, v: str | None, info: ValidationInfo) -> str | None:
        return _check_image(_resolve_file(v, info, fonts=False), v)


class LineChars(_Strict):
    """Characters a caption line may hold, by the output frame's shape (see vidjourn/captions/cues.py)."""

    landscape: Annotated[int, Field(ge=12, le=80)] = 42  # 16:9 and wider
    square: Annotated[int, Field(ge=12, le=80)] = 32  # 1:1 and 4:5
    portrait: Annotated[int, Field(ge=12, le=80)] = 24  # 9:16

    def for_size(self, width: int, height: int) -> int:
        if width >= height * 1.2:
            return self.landscape
        if height >= width * 1.2:
            return self.portrait
        return self.square


class Subtitles(_Strict):
    # Captions laid out by vidjourn (`vidjourn captions`): line length per frame shape, and the
    # unit's glossary (ranks, unit names, places) for the speech model and the correction table.
    max_chars: LineChars = LineChars()
    glossary: list[Union[str, dict[str, Union[str, list[str]]]]] = []
    font: Literal["heading", "body"] = "body"
    size: TextSize = 0.05
    color: Color = "#FFFFFF"
    outline_color: Color = "#000000"
    outline: Annotated[float, Field(ge=0, le=10)] = 2.5  # px at 1080 lines, scaled to the output
    box: bool = False  # opaque box behind the text instead of an outline
    box_color: Color = "#000000A0"


class SafeArea(_Strict):
    """Fractions of the frame kept free of brand graphics at each edge (title-safe)."""

    top: Annotated[float, Field(ge=0, le=0.45)] = 0.05
    bottom: Annotated[float, Field(ge=0, le=0.45)] = 0.05
    left: Annotated[float, Field(ge=0, le=0.45)] = 0.05
    right: Annotated[float, Field(ge=0, le=0.45)] = 0.05


class BrandPreset(_Strict):
    label: str = ""
    description: str = ""
    colors: Colors = Colors()
    fonts: Fonts = Fonts()
    logo: Logo = Logo()
    lower_third: LowerThird = LowerThird()
    title_card: Card = Card(enabled=False)
    end_card: Card = Card(enabled=False)
    fade: Annotated[float, Field(ge=0, le=2)] = 0.3  # card joins
    subtitles: Subtitles = Subtitles()
    safe_area: SafeArea = SafeArea()
    # Where the public checks a published file (issue 12): "{id}" becomes the file's short ID. Cards
    # show it with {check_address}; {short_id} alone is the ID (see README, "Provenance").
    check_address: str = ""
    # Filled in by load(), not read from the file:
    name: str = ""
    source: str = ""




def _bad_colour(where: str, err: Any) -> str | None:
    if err.get("type") == "string_pattern_mismatch":
        return f"{where}: {t('brand.problem.bad_color', got=err.get('input'))}"
    return None


def parse(data: Any, path: Path, name: str | None = None) -> BrandPreset:
    """Validate a preset mapping read from ``path`` (relative files resolve against its folder)."""
    if not isinstance(data, dict):
        raise PresetError("brand.error.bad_preset", path=path, problems=[t("brand.problem.not_mapping")])
    for reserved in ("name", "source"):
        if reserved in data:
            raise PresetError("brand.error.bad_preset", path=path,
                              problems=[f"{reserved}: {t('settings.problem.unknown_key')}"])
    data = {**data, "name": name or path.stem, "source": str(path)}
    try:
        return BrandPreset.model_validate(data, context={"base": str(path.parent)})
    except ValidationError as exc:
        raise PresetError("brand.error.bad_preset", path=path,
                          problems=validation.problems(exc, special=_bad_colour)) from None


def load_file(path: Path, name: str | None = None) -> BrandPreset:
    from vidjourn.core.yamlsafe import load_file as load_yaml

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise UsageError("error.file_missing", path=path)
    try:
        data = load_yaml(path)
    except ConfigError as exc:
        raise PresetError("brand.error.bad_preset", path=path, problems=[exc.message()]) from None
    return parse(data if data is not None else {}, path, name)


def load(name: str | None = None, root: Path | None = None) -> BrandPreset:
    """The validated preset ``name`` (or a path to a YAML file), looked up in order; default ``humas``."""
    name = name or DEFAULT_PRESET
    found = lookup.find(KIND, name, root)
    if found is None:
        if Path(name).suffix in (".yaml", ".yml"):
            raise UsageError("error.file_missing", path=name)
        from vidjourn.core.names import did_you_mean

        known = [f.name for f in lookup.list_all(KIND, root)]
        raise UsageError("brand.error.unknown_preset", name=name, names=", ".join(known),
                         hint=did_you_mean(name, known))
    return load_file(found.path, found.name)
