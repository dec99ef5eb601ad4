"""The Windows installer's files cannot be built here (no Windows, no Inno Setup): check what they say.

The Inno Setup script installs per user and never deletes the user's books; the workflow builds, smoke-tests and
uploads; the PyInstaller spec runs (against stand-ins for PyInstaller's classes) and keeps only what it should;
the icon has every size Windows asks for; the version resource carries desktop.__version__.
"""
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "installer" / "socanbo.iss"
SPEC = ROOT / "installer" / "socanbo.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-installer.yml"
ICO = ROOT / "resources" / "icons" / "socanbo.ico"
APP_ID = "{{85B20941-43A6-49AA-9895-7D441957B5A8}"  # never changes: upgrades replace the installed version


# --- the Inno Setup script


def iss_sections() -> dict[str, list[str]]:
    """Section name (lower case) -> its lines, without comments and preprocessor lines."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#", "//")):
            continue
        found = re.fullmatch(r"\[(\w+)\]", line)
        if found:
            current = found.group(1).lower()
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def setup_directives() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["setup"])


def test_the_script_is_utf8_with_a_byte_order_mark_for_its_vietnamese_texts():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Sổ cán bộ công đoàn" in raw.decode("utf-8-sig")


def test_it_installs_per_user_without_administrator_rights():
    setup = setup_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{userpf}\SoCanBo"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no "install for all users" escalation


def test_the_app_id_is_fixed_so_that_an_upgrade_replaces_the_old_version():
    assert setup_directives()["AppId"] == APP_ID


def test_the_version_comes_from_a_define_and_the_uninstaller_shows_the_icon():
    text = ISS.read_text(encoding="utf-8-sig")
    assert re.search(r"^#ifndef AppVersion$", text, re.MULTILINE)
    assert "GetStringFileInfo(" in text and '"ProductVersion"' in text
    setup = setup_directives()
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["UninstallDisplayIcon"] == r"{app}\{#AppExeName}"
    assert setup["SetupIconFile"] == r"..\resources\icons\socanbo.ico"


def test_vietnamese_comes_first_and_english_second():
    languages = iss_sections()["languages"]
    assert languages[0].startswith('Name: "vi"; MessagesFile: "{#VietnameseIsl}"')
    assert languages[1] == 'Name: "en"; MessagesFile: "compiler:Default.isl"'
    text = ISS.read_text(encoding="utf-8-sig")
    assert r'"compiler:Languages\Vietnamese.isl"' in text
    custom = iss_sections()["custommessages"]
    for key in ("DesktopShortcut", "OpenAfterInstall", "BookFileType", "DataKept"):
        assert any(line.startswith(f"vi.{key}=") for line in custom), key
        assert any(line.startswith(f"en.{key}=") for line in custom), key


def test_start_menu_shortcut_and_an_optional_desktop_shortcut():
    icons = iss_sections()["icons"]
    assert any(line.startswith(r'Name: "{autoprograms}\{#AppName}"') for line in icons)
    desktop = [line for line in icons if line.startswith(r'Name: "{autodesktop}')]
    assert desktop and "Tasks: desktopicon" in desktop[0]
    task = iss_sections()["tasks"][0]
    assert task.startswith('Name: "desktopicon"') and "Flags: unchecked" in task


def test_socanbo_files_open_with_the_program_through_the_users_own_classes():
    registry = iss_sections()["registry"]
    assert registry and all(line.startswith('Root: HKCU; Subkey: "Software\\Classes\\') for line in registry)
    text = "\n".join(registry)
    assert r'Subkey: "Software\Classes\.socanbo"; ValueType: string; ValueName: ""; ValueData: "SoCanBo.Book"' in text
    assert r'"Software\Classes\SoCanBo.Book\shell\open\command"' in text
    assert r'ValueData: """{app}\{#AppExeName}"" ""%1"""' in text
    assert setup_directives()["ChangesAssociations"] == "yes"


def test_the_uninstaller_removes_the_registry_keys_the_program_owns_whole():
    registry = iss_sections()["registry"]
    for key in (r"Software\Classes\SoCanBo.Book", r"Software\Classes\Applications\{#AppExeName}"):
        line = next((line for line in registry if f'Subkey: "{key}";' in line), None)
        assert line is not None, f"{key} is not an entry of its own"
        flags = line.split("Flags:", 1)[1].split() if "Flags:" in line else []
        assert "uninsdeletekey" in flags, line  # with its subkeys: no empty key left under HKCU\Software\Classes


def test_nothing_ever_deletes_the_users_books_and_backups():
    sections = iss_sections()
    assert "uninstalldelete" not in sections
    for line in sections.get("installdelete", []):
        assert re.search(r'Name: "\{app\}\\', line), line  # only the program's own folder
    code = "\n".join(sections.get("code", []))
    assert not re.search(r"\b(DelTree|DeleteFile|RemoveDir)\b", code, re.IGNORECASE)
    assert "{localappdata}" not in "\n".join(sections["files"] + sections.get("installdelete", []))
    assert r"{localappdata}\SoCanBo" in code  # only to tell the user where the books stay


def test_the_files_come_from_the_pyinstaller_bundle_and_the_gui_program_is_started():
    text = ISS.read_text(encoding="utf-8-sig")
    assert r'#define BundleDir AddBackslash(SourcePath) + "..\dist\socanbo"' in text
    assert '#define AppExeName "socanbo-gui.exe"' in text
    assert iss_sections()["files"][0].startswith(r'Source: "{#BundleDir}\*"; DestDir: "{app}"')


# --- the workflow


def test_the_workflow_builds_smoke_tests_and_uploads_on_a_tag():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"tags: \[\"v\*\"\]", text)
    assert "runs-on: windows-latest" in text
    assert 'python-version: "3.11"' in text
    order = [r".\scripts\test.ps1", r"installer\socanbo.spec", r"dist\socanbo\socanbo.exe --self-test",
             r"& $iscc.FullName installer\socanbo.iss", "actions/upload-artifact@"]
    positions = [text.index(step) for step in order]
    assert positions == sorted(positions), "the steps run in this order"
    assert "/ 1MB" not in text and "/ 1e6" in text  # MB of 10^6 bytes, as in benchmarks/bundle.md
    # A release is never built without the wizard's Vietnamese texts (the .iss falls back to English only).
    iscc_step = text[text.index("name: Installer (Inno Setup)"):text.index("actions/upload-artifact@")]
    assert r"Languages\Unofficial\Vietnamese.isl" in iscc_step and "::warning::" not in iscc_step
    assert re.search(r"if \(-not \(Test-Vietnamese \$iscc\)\) \{ throw ", iscc_step)


def test_the_windows_setup_prefers_python_3_11_and_passes_no_stray_words():
    text = (ROOT / "scripts" / "_setup.ps1").read_text(encoding="utf-8")
    candidates = re.search(r"foreach \(\$candidate in @\(([^)]*)\)\)", text).group(1)
    assert [c.strip().strip('"') for c in candidates.split(",")] == ["py -3.11", "py -3.12", "python"]
    assert ".Length - 1)]" not in text  # $parts[1..0] is elements 1 and 0: `python python -c ...`


def test_the_workflow_is_valid_yaml_with_one_windows_job():
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed (it is not a test dependency yet)")
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["tags"] == ["v*"]
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "windows-latest"
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    artifact = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "dist/installer/*.exe"


# --- the PyInstaller spec, run against stand-ins


class _Recorded:
    calls: ClassVar[list] = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        type(self).calls.append(self)


class _Analysis(_Recorded):
    calls: ClassVar[list] = []

    def __init__(self, scripts, **kwargs):
        super().__init__(scripts, **kwargs)
        self.scripts = [("pyi_rth_pyside6", "hook.py", "PYSOURCE")] + [
            (Path(s).stem, s, "PYSOURCE") for s in scripts]
        self.binaries, self.datas, self.pure = [], [], []


class _EXE(_Recorded):
    calls: ClassVar[list] = []


class _Other(_Recorded):
    calls: ClassVar[list] = []


def _run_spec(tmp_path_factory, platform: str) -> dict:
    """The spec's namespace after running it as PyInstaller would on `platform` ("win32" or "linux")."""
    if not (ROOT / "i18n" / "compiled" / "vi" / "LC_MESSAGES" / "socanbo.mo").is_file():
        pytest.skip("the catalogs are not compiled (./scripts/test compiles them)")
    namespace = {"SPECPATH": str(SPEC.parent), "workpath": str(tmp_path_factory.mktemp("work")),
                 "DISTPATH": str(tmp_path_factory.mktemp("dist")),
                 "Analysis": _Analysis, "EXE": _EXE, "PYZ": _Other, "COLLECT": _Other, "__file__": str(SPEC)}
    saved_path = list(sys.path)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "platform", platform)
            exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)  # noqa: S102 - our spec
    finally:
        sys.path[:] = saved_path
    return namespace


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    return _run_spec(tmp_path_factory, "win32")  # the installer's bundle


@pytest.fixture(scope="module")
def linux_spec(tmp_path_factory):
    return _run_spec(tmp_path_factory, "linux")  # scripts/build-bundle's


def test_the_spec_bundles_resources_catalogs_and_every_program_module(spec):
    analysis = spec["a"]
    datas = {Path(src).relative_to(ROOT).as_posix(): dest for src, dest in analysis.kwargs["datas"]}
    assert datas == {"resources": "resources", "i18n/compiled": "i18n/compiled"}
    hidden = analysis.kwargs["hiddenimports"]
    assert {"desktop.cli_report", "desktop.cli_import", "desktop.cli_backup", "desktop.self_test"} <= set(hidden)
    assert "desktop.i18n_catalogs" not in hidden
    excluded = set(analysis.kwargs["excludes"])
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtMultimedia",
            "PySide6.Qt3DCore", "PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtNetwork", "PySide6.QtSql",
            "PySide6.QtTest", "tkinter"} <= excluded
    assert "pluggy" not in excluded and "aiohttp" not in excluded  # imported at run time (sqlite_utils, pyHanko)
    assert {"uharfbuzz", "fontTools", "readline", "PIL._webp", "PIL._imagingcms"} <= excluded  # never used
    assert not {"lxml", "lxml.etree", "PIL", "PIL._imaging"} & excluded  # openpyxl and pyHanko; PNG and JPEG


def test_two_programs_share_one_folder_a_window_and_a_console(spec):
    gui, cli = spec["programs"]
    assert (gui.kwargs["name"], gui.kwargs["console"]) == ("socanbo-gui", False)
    assert (cli.kwargs["name"], cli.kwargs["console"]) == ("socanbo", True)
    for exe in (gui, cli):
        assert exe.kwargs["upx"] is False
        assert exe.kwargs["exclude_binaries"] is True  # one folder
        assert exe.kwargs["icon"].endswith("socanbo.ico")
        assert exe.kwargs["contents_directory"] == "_internal"  # sys._MEIPASS, read by desktop/paths.py
        assert exe.kwargs["version"].endswith(f"version_{exe.kwargs['name']}.exe.txt")
    assert [entry[0] for entry in gui.args[1]] == ["pyi_rth_pyside6", "socanbo_gui"]
    assert [entry[0] for entry in cli.args[1]] == ["pyi_rth_pyside6", "socanbo_cli"]
    collect = spec["bundle"]
    assert collect.args[:2] == (gui, cli)
    assert collect.kwargs["name"] == "socanbo" and collect.kwargs["upx"] is False
    assert spec["LINKS"] == {}


def test_on_linux_one_executable_is_both_programs_and_socanbo_gui_links_to_it(linux_spec, tmp_path):
    (program,) = linux_spec["programs"]
    assert program.kwargs["name"] == "socanbo" and program.kwargs["exclude_binaries"] is True
    assert [entry[0] for entry in program.args[1]] == ["pyi_rth_pyside6", "socanbo_either"]
    assert linux_spec["bundle"].args[0] is program
    assert linux_spec["LINKS"] == {"socanbo-gui": "socanbo"}
    launcher = (Path(linux_spec["LAUNCHERS"]) / "socanbo_either.py").read_text(encoding="utf-8")
    chosen = []
    for started_as, module in (("/opt/socanbo/socanbo-gui", "desktop.app"), ("socanbo", "desktop.cli"),
                               ("/opt/socanbo/socanbo", "desktop.cli")):
        chosen.clear()
        stand_in = type(sys)(module)
        stand_in.main = lambda module=module: chosen.append(module) or 0
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "argv", [started_as])
            patch.setitem(sys.modules, module, stand_in)
            with pytest.raises(SystemExit):
                exec(compile(launcher, "socanbo_either.py", "exec"), {"__name__": "__main__"})  # noqa: S102
        assert chosen == [module], started_as
    # the link is made in the built folder, relative to it
    namespace = dict(linux_spec, DISTPATH=str(tmp_path))
    (tmp_path / "socanbo").mkdir()
    (tmp_path / "socanbo" / "socanbo").write_bytes(b"")
    tail = SPEC.read_text(encoding="utf-8").split("for link, target in LINKS.items():", 1)[1]
    exec(compile("for link, target in LINKS.items():" + tail, str(SPEC), "exec"), namespace)  # noqa: S102
    link = tmp_path / "socanbo" / "socanbo-gui"
    assert link.is_symlink() and str(link.readlink()) == "socanbo"


@pytest.mark.parametrize("dest, kept", [
    ("libstdc++.so.6", False),
    ("libglib-2.0.so.0", False),
    ("libX11.so.6", False),
    ("libfontconfig.so.1", False),
    ("libdbus-1.so.3", False),
    ("libxcb-cursor.so.0", True),  # minimal desktops lack it
    ("libxkbcommon-x11.so.0", True),
    ("libpython3.11.so.1.0", True),
    ("libsqlite3.so.0", True),
    ("PySide6/Qt/lib/libQt6DBus.so.6", True),
])
def test_on_linux_the_desktops_own_system_libraries_are_left_to_the_system(linux_spec, spec, dest, kept):
    assert linux_spec["_kept"]((dest, "/usr/lib/" + dest, "BINARY")) is kept
    assert spec["_kept"]((dest, "/usr/lib/" + dest, "BINARY")) is True  # no such rule on Windows


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/plugins/platforms/qoffscreen.dll", True),
    ("PySide6/plugins/platforms/qdirect2d.dll", False),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/plugins/imageformats/qico.dll", True),
    ("PySide6/plugins/imageformats/qpdf.dll", False),
    ("PySide6/plugins/imageformats/qsvg.dll", False),
    ("PySide6/plugins/tls/qschannelbackend.dll", False),
    ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/opengl32sw.dll", False),
    ("PySide6/translations/qtbase_de.qm", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("resources/style.qss", True),
    ("i18n/compiled/vi/LC_MESSAGES/socanbo.mo", True),
])
def test_only_the_qt_parts_the_program_uses_are_kept(spec, dest, kept):
    assert spec["_kept"]((dest, "/source/" + dest, "BINARY")) is kept


@pytest.mark.parametrize("dest, unwanted", [
    ("PySide6/Qt6Pdf.dll", True),
    ("PySide6/Qt6Qml.dll", True),
    ("PySide6/Qt6Network.dll", True),
    ("PySide6/Qt/lib/libQt6WaylandClient.so.6", True),
    ("PySide6/Qt6Widgets.dll", False),
    ("PySide6/Qt6Gui.dll", False),
    ("PySide6/Qt/lib/libQt6XcbQpa.so.6", False),
])
def test_unused_qt_libraries_are_marked_to_leave_out_when_nothing_kept_links_them(spec, dest, unwanted):
    assert spec["_unwanted_library"]((dest, "/source/" + dest, "BINARY")) is unwanted


def test_a_left_out_plugins_own_dependencies_go_and_shared_ones_stay(spec, monkeypatch):
    links = {"qgtk3.so": ["libgtk.so", "libQt6Gui.so"], "qxcb.so": ["libQt6Gui.so", "libxcb.so"],
             "libQt6Gui.so": ["libQt6Core.so"], "libQt6Pdf.so": ["libQt6Core.so"], "_qtgui.so": ["libQt6Gui.so"]}

    def get_imports(path, search_paths=None):
        return [(name, "/lib/" + name) for name in links.get(Path(path).name, [])]

    import types
    fake = types.ModuleType("PyInstaller.depend.bindepend")
    fake.get_imports = get_imports
    for module in ("PyInstaller", "PyInstaller.depend"):
        monkeypatch.setitem(sys.modules, module, types.ModuleType(module))
    monkeypatch.setitem(sys.modules, "PyInstaller.depend.bindepend", fake)
    entries = [("PySide6/Qt/plugins/platformthemes/qgtk3.so", "/lib/qgtk3.so", "BINARY"),
               ("PySide6/Qt/plugins/platforms/qxcb.so", "/lib/qxcb.so", "BINARY"),
               ("PySide6/QtGui.abi3.so", "/lib/_qtgui.so", "EXTENSION")]
    entries += [(name, "/lib/" + name, "BINARY")
                for name in ("libgtk.so", "libxcb.so", "libQt6Gui.so", "libQt6Core.so", "libQt6Pdf.so")]

    kept = {Path(entry[0]).name for entry in spec["_without_orphans"](entries)}

    assert kept == {"qxcb.so", "QtGui.abi3.so", "libxcb.so", "libQt6Gui.so", "libQt6Core.so"}


def test_a_system_library_left_out_takes_what_only_it_needed(linux_spec, monkeypatch):
    links = {"libQt6DBus.so.6": ["libdbus-1.so.3", "libQt6Core.so.6"], "libdbus-1.so.3": ["libsystemd.so.0"],
             "libsystemd.so.0": ["libgcrypt.so.20", "libzstd.so.1"], "libQt6Core.so.6": ["libzstd.so.1"]}

    # objdump's NEEDED entries: each file's own links only
    monkeypatch.setitem(linux_spec, "_linked_names", lambda path, search: links.get(Path(path).name, []))
    entries = [("PySide6/Qt/lib/libQt6DBus.so.6", "/lib/libQt6DBus.so.6", "BINARY"),
               ("PySide6/Qt/lib/libQt6Core.so.6", "/lib/libQt6Core.so.6", "BINARY")]
    entries += [(name, "/lib/" + name, "BINARY")
                for name in ("libdbus-1.so.3", "libsystemd.so.0", "libgcrypt.so.20", "libzstd.so.1")]

    kept = {Path(entry[0]).name for entry in linux_spec["_without_orphans"](entries)}

    assert kept == {"libQt6DBus.so.6", "libQt6Core.so.6", "libzstd.so.1"}  # zstd: Qt needs it too


def test_links_to_left_out_libraries_go_with_them(linux_spec):
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/lib/libQt6Core.so.6", "BINARY"),
                ("PySide6/Qt/lib/libQt6Gui.so.6", "/lib/libQt6Gui.so.6", "BINARY")]
    # PyInstaller's links at the top of _internal, to libraries kept and left out (libQt6Svg), and a chain
    datas = [("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
             ("libQt6Svg.so.6", "PySide6/Qt/lib/libQt6Svg.so.6", "SYMLINK"),
             ("PySide6/Qt/lib/libQt6Svg.so", "libQt6Svg.so.6", "SYMLINK"),
             ("lib/libQt6Svg.so", "../libQt6Svg.so.6", "SYMLINK"),
             ("lib/Qt", "../PySide6/Qt", "SYMLINK"),  # to a folder that holds kept files
             ("resources/style.qss", "/src/resources/style.qss", "DATA")]

    kept_binaries, kept_datas = linux_spec["_without_dangling_links"](binaries, datas)

    assert kept_binaries == binaries
    assert [entry[0] for entry in kept_datas] == ["libQt6Core.so.6", "lib/Qt", "resources/style.qss"]


def test_the_spec_fails_clearly_without_compiled_catalogs(tmp_path, spec):
    source = SPEC.read_text(encoding="utf-8").replace('ROOT / "i18n" / "compiled"', "Path('/nonexistent')")
    namespace = {"SPECPATH": str(SPEC.parent), "workpath": str(tmp_path)}
    with pytest.raises(SystemExit, match="Compile the catalogs first"):
        exec(compile(source, str(SPEC), "exec"), namespace)  # noqa: S102 - our spec


# --- the version resource


def test_the_version_resource_carries_the_programs_version():
    sys.path.insert(0, str(ROOT / "installer"))
    try:
        import version_info
    finally:
        sys.path.remove(str(ROOT / "installer"))
    assert version_info.program_version() == __version__
    assert version_info.numeric("1.2.3rc1") == (1, 2, 3, 0)

    def record(name):
        return lambda *args, **kwargs: (name, args, kwargs)

    stand_ins = {name: record(name) for name in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                                                  "StringStruct", "VarFileInfo", "VarStruct")}
    info = eval(version_info.render(__version__, "socanbo.exe"), stand_ins)  # PyInstaller evaluates it too
    fixed = info[2]["ffi"][2]
    assert fixed["filevers"] == fixed["prodvers"] == version_info.numeric(__version__)
    _name, (tables,), _kwargs = info[2]["kids"][0]  # StringFileInfo([StringTable(...)])
    _name, (_language, structs), _kwargs = tables[0]
    strings = dict(struct_args for _name, struct_args, _kwargs in structs)
    assert strings["ProductVersion"] == strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "socanbo.exe"
    assert strings["ProductName"] == "Sổ cán bộ công đoàn"


# --- the icon, read without Pillow


def test_the_icon_has_every_size_windows_uses():
    data = ICO.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _colours, _zero, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data,
                                                                                          6 + 16 * index)
        side = width or 256
        assert (height or 256) == side and bits == 32 and planes == 1
        payload = data[offset:offset + length]
        assert len(payload) == length
        if payload.startswith(b"\x89PNG\r\n\x1a\n"):
            assert struct.unpack(">II", payload[16:24]) == (side, side)
        else:  # a DIB: header size 40, height doubled for the AND mask, 32 bits per pixel
            header, dib_width, dib_height, _planes, dib_bits = struct.unpack_from("<IiiHH", payload)
            assert (header, dib_width, dib_height, dib_bits) == (40, side, 2 * side, 32)
        sizes.append(side)
    assert sorted(sizes) == [16, 24, 32, 48, 64, 256]


def test_the_png_icon_is_256_pixels():
    data = (ROOT / "resources" / "icons" / "socanbo.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", data[16:24]) == (256, 256)


# --- scripts/build-bundle


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("bash"), reason="a Linux script: needs bash")
def test_build_bundle_is_a_valid_bash_script_kept_out_of_the_test_command():
    script = ROOT / "scripts" / "build-bundle"
    assert script.stat().st_mode & 0o111, "scripts/build-bundle must be executable"
    subprocess.run(["bash", "-n", str(script)], check=True)
    assert "build-bundle" not in (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert 'installer/socanbo.spec' in script.read_text(encoding="utf-8")
