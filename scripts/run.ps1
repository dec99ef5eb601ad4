# Sổ cán bộ công đoàn: set up (first time only) and start.  .\scripts\run.ps1 --demo
. (Join-Path $PSScriptRoot "_setup.ps1")
Invoke-SocanboSetup ""
& (Join-Path $Venv "Scripts\socanbo.exe") @args
exit $LASTEXITCODE
