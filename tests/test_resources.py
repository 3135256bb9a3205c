"""Runtime assets live in the top-level assets/ folder and are found there (checkout) or inside the
installed package (wheel); the theme and our own drawing use the bundled fonts."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.resources import asset_path, assets_dir, bundled_dir, maps_dir
from game.ui.fonts import FONT_NAME, font_path, theme_data

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_finds_the_top_level_folders():
    assert assets_dir() == ROOT / "assets" and maps_dir() == ROOT / "maps"
    assert asset_path("theme.json").is_file() and any(maps_dir().glob("*.yaml"))


def test_an_installed_package_is_looked_in_first(tmp_path):
    pkg = tmp_path / "site-packages" / "game"
    (pkg / "assets").mkdir(parents=True)
    (tmp_path / "site-packages" / "assets").mkdir()     # a stray top-level folder of another project
    assert bundled_dir("assets", pkg) == pkg / "assets"
    assert bundled_dir("maps", pkg) == tmp_path / "site-packages" / "maps"


def test_the_theme_uses_the_bundled_fonts_whatever_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fonts = [block["font"] for block in theme_data().values() if "font" in block]
    assert fonts and {f["name"] for f in fonts} == {FONT_NAME}
    paths = {Path(f[k]) for f in fonts for k in f if k.endswith("_path")}
    assert paths == {font_path(b, i) for b in (False, True) for i in (False, True)}
    assert all(p.is_absolute() and p.is_file() and p.parent == assets_dir() / "fonts" for p in paths)
    raw = json.loads(asset_path("theme.json").read_text(encoding="utf-8"))
    assert not Path(raw["defaults"]["font"]["regular_path"]).is_absolute()   # the file stays portable


def test_every_bundled_font_has_its_licence_recorded():
    licences = asset_path("LICENSES.md").read_text(encoding="utf-8")
    assert "SIL Open Font License" in asset_path("fonts", "OFL.txt").read_text(encoding="utf-8")
    for ttf in (assets_dir() / "fonts").glob("*.ttf"):
        assert f"fonts/{ttf.name}" in licences


def test_the_app_draws_with_the_bundled_fonts(make_app):
    app = make_app(size=(1024, 700))
    known = app.ui.get_theme().get_font_dictionary().known_font_paths[FONT_NAME]
    assert [Path(loc) for loc, _ in known] == [font_path(False, False), font_path(True, False),
                                               font_path(False, True), font_path(True, True)]
    text = app.fonts.render("Security", 20, (255, 255, 255), bold=True)
    assert text.get_width() > 40 and text.get_bounding_rect().height > 8


def gold_text_pixels(png: Path) -> int:
    import pygame
    img = pygame.image.load(str(png))
    w, h = img.get_size()
    return sum(1 for x in range(w // 4, 3 * w // 4, 2) for y in range(0, h // 4, 2)
               if (c := img.get_at((x, y))).r > 200 and 140 < c.g < 200 and c.b < 110)


# --- a non-editable install into a fresh venv --------------------------------------------------------

_NOT_SHIPPED = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                      ".hypothesis", "out", "results", ".venv")


@pytest.mark.slow
def test_a_wheel_install_finds_maps_and_assets_from_anywhere(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=_NOT_SHIPPED)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py, exe = venv / "bin" / "python", venv / "bin" / "security-dilemma"
    site = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    # The new venv sees the site-packages this test runs with (the dependencies, pip and the build
    # backend: no network needed), whether that is the system's or a venv's -- as plain path entries
    # after its own, so an editable install of this checkout there is not activated.
    outer = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages") and Path(p) != site]
    (site / "_outer_environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               PYTHONWARNINGS="error::UserWarning")   # pygame_gui warns (not fails) on a missing font
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                    str(src)], check=True, env=env, cwd=tmp_path)
    shutil.rmtree(src)                                   # nothing may be read from the source tree
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str) -> str:
        done = subprocess.run(args, env=env, cwd=elsewhere, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    where = run(str(py), "-c", "from game.resources import assets_dir, maps_dir; print(assets_dir()); print(maps_dir())")
    assets, maps = (Path(line) for line in where.split())
    assert assets == site / "game" / "assets" and maps == site / "game" / "maps"
    shipped = sorted(p.name for p in maps.glob("*.yaml"))
    assert shipped == sorted(p.name for p in (ROOT / "maps").glob("*.yaml"))
    assert f"{len(shipped)} file(s) valid" in run(str(exe), "validate", *(str(maps / n) for n in shipped))
    assert {p.relative_to(assets) for p in assets.rglob("*") if p.is_file()} == \
        {p.relative_to(ROOT / "assets") for p in (ROOT / "assets").rglob("*") if p.is_file()}
    shot = tmp_path / "title.png"
    run(str(exe), "play", "--windowed", "--window", "1024x700", "--max-frames", "3", "--screenshot", str(shot),
        "--skip-walkthrough", "--saves", str(tmp_path / "saves"))
    assert gold_text_pixels(shot) > 800                 # the title's heading, drawn in the theme's font
    fonts = run(str(py), "-c", "import pygame; from game.ui.fonts import font_path, theme_data; pygame.font.init(); "
                "f = theme_data()['defaults']['font']; print(f['regular_path']); "
                "print(pygame.font.Font(font_path(bold=True), 20).size('Security')[0])")
    regular, width = fonts.split()
    assert Path(regular) == assets / "fonts" / "NotoSans-Regular.ttf" and int(width) > 40
