; Inno Setup 6 script: a per-user installer of Sổ cán bộ công đoàn that needs no administrator rights.
;
;   pyinstaller --noconfirm --clean installer\socanbo.spec     (makes dist\socanbo\)
;   ISCC installer\socanbo.iss                                  (makes dist\installer\SoCanBo-Setup-<version>.exe)
;
; Optional: ISCC /DAppVersion=1.2.3 installer\socanbo.iss  (default: the version inside dist\socanbo\socanbo.exe,
; which the spec takes from desktop\__init__.py). Needs Inno Setup 6.3 or newer (x64compatible).
;
; What it does: installs under the user's own programs folder (%LOCALAPPDATA%\Programs\SoCanBo), adds a
; Start-menu shortcut and, if ticked, a desktop shortcut, and opens .socanbo files with the program (under
; HKCU\Software\Classes, so no administrator is asked). The AppId below never changes: a newer installer
; replaces the installed version in place. The user's books and backups live in %LOCALAPPDATA%\SoCanBo (the
; program's data folder, never under {app}); neither installing, upgrading nor uninstalling touches them.

#define AppName "Sổ cán bộ công đoàn"
#define AppPublisher "SoCanBo"
#define AppExeName "socanbo-gui.exe"
#define BundleDir AddBackslash(SourcePath) + "..\dist\socanbo"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\socanbo.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error Cannot read the version from dist\socanbo\socanbo.exe: build the bundle first (pyinstaller installer\socanbo.spec) or pass /DAppVersion=...
#endif
; Windows wants four numbers in the installer's own version resource ("1.2.0rc1" would not do).
#define AppVersionNumbers GetVersionNumbersString(BundleDir + "\socanbo.exe")
#if AppVersionNumbers == ""
  #define AppVersionNumbers "0.0.0.0"
#endif

; Vietnamese messages of the wizard. Inno Setup's sources now keep Vietnamese.isl among the official
; translations (Languages\, written for 6.5.0+); Inno Setup 6.4.1 does not ship it (checked), older releases
; had it only as an unofficial translation (Languages\Unofficial\, or downloaded from the Inno Setup web site and
; put beside this script as installer\Vietnamese.isl). Without any of them the installer is built in English
; only, with a warning; the program itself is Vietnamese either way.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
  #define VietnameseIsl "compiler:Languages\Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl")
  #define VietnameseIsl "compiler:Languages\Unofficial\Vietnamese.isl"
#elif FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
  #define VietnameseIsl AddBackslash(SourcePath) + "Vietnamese.isl"
#else
  #pragma warning "Vietnamese.isl was not found (current Inno Setup releases ship it): the installer will be English only (Default.isl)."
#endif

[Setup]
; Fixed forever: this is how Windows knows a newer installer upgrades the same program.
AppId={{85B20941-43A6-49AA-9895-7D441957B5A8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionNumbers}
VersionInfoProductName={#AppName}
; Per-user: no administrator rights, no UAC prompt; {userpf} is %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={userpf}\SoCanBo
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
SetupIconFile=..\resources\icons\socanbo.ico
ChangesAssociations=yes
CloseApplications=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir=..\dist\installer
OutputBaseFilename=SoCanBo-Setup-{#AppVersion}
ShowLanguageDialog=auto

[Languages]
; The first language is the one used when Windows' language matches neither.
#ifdef VietnameseIsl
Name: "vi"; MessagesFile: "{#VietnameseIsl}"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
#ifdef VietnameseIsl
vi.ShortcutsGroup=Lối tắt:
vi.DesktopShortcut=Tạo lối tắt trên màn hình &nền (Desktop)
vi.OpenAfterInstall=Mở {#AppName} ngay
vi.BookFileType=Sổ cán bộ công đoàn
vi.DataKept=Các sổ và bản sao lưu của bạn vẫn được giữ nguyên trong thư mục:%n%n%1%n%nCài lại chương trình là mở lại được các sổ đó.
#endif
en.ShortcutsGroup=Shortcuts:
en.DesktopShortcut=Create a &desktop shortcut
en.OpenAfterInstall=Open {#AppName} now
en.BookFileType=Union officer book
en.DataKept=Your books and backups are kept in the folder:%n%n%1%n%nInstall the program again to open them.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:ShortcutsGroup}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's own files only: what an older version bundled and this one does not must
; not linger in _internal. {app} never holds user data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; Double-clicking a .socanbo file opens it in the program. Per-user classes: no administrator needed.
Root: HKCU; Subkey: "Software\Classes\.socanbo"; ValueType: string; ValueName: ""; ValueData: "SoCanBo.Book"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.socanbo\OpenWithProgids"; ValueType: string; ValueName: "SoCanBo.Book"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\SoCanBo.Book"; ValueType: string; ValueName: ""; ValueData: "{cm:BookFileType}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\SoCanBo.Book\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"
Root: HKCU; Subkey: "Software\Classes\SoCanBo.Book\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
; The program's own key under Applications (it holds SupportedTypes): uninstalling removes it whole.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExeName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: ".socanbo"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:OpenAfterInstall}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The books and backups in
; %LOCALAPPDATA%\SoCanBo stay, and the user is told where they are.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\SoCanBo');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
