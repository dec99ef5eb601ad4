# Shared set-up for run.ps1 and test.ps1: .venv, the project (re)installed when pyproject.toml changed,
# the message catalogs compiled.
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
$Venv = Join-Path $Root ".venv"
$Py = Join-Path $Venv "Scripts\python.exe"

function Invoke-SocanboSetup([string]$Extras) {
    if (-not (Test-Path $Py)) {
        # 3.11 first (the version README.md and the CI workflow use), then 3.12, then whatever `python` is.
        $base = $null
        $baseArgs = @()
        foreach ($candidate in @("py -3.11", "py -3.12", "python")) {
            $parts = $candidate.Split(" ")
            # The words after the program: none for "python" (never $parts[1..0], which is elements 1 and 0).
            $rest = @($parts | Select-Object -Skip 1)
            try {
                & $parts[0] @rest -c "import sys; sys.exit(sys.version_info < (3, 11))" 2>$null
                if ($LASTEXITCODE -eq 0) { $base = $parts[0]; $baseArgs = $rest; break }
            } catch { }
        }
        if (-not $base) { throw "Cần Python 3.11 trở lên / Python 3.11 or newer is required" }
        & $base @baseArgs -m venv $Venv
    }
    $spec = "."
    if ($Extras) { $spec = ".[$Extras]" }
    $stamp = Join-Path $Venv ".installed-$Extras"
    $want = (Get-FileHash (Join-Path $Root "pyproject.toml") -Algorithm SHA256).Hash.ToLower()
    if (-not (Test-Path $stamp) -or ((Get-Content $stamp) -ne $want)) {
        & $Py -m pip install --quiet -e $spec
        if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
        Set-Content -Path $stamp -Value $want
    }
    & $Py -m desktop.i18n_catalogs compile
    if ($LASTEXITCODE -ne 0) { throw "catalog compilation failed" }
}
