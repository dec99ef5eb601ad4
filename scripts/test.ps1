# Set up with the test extras, check the layer contracts, run the whole suite offscreen.
. (Join-Path $PSScriptRoot "_setup.ps1")
Invoke-SocanboSetup "test"
$env:QT_QPA_PLATFORM = "offscreen"
& (Join-Path $Venv "Scripts\lint-imports.exe") --no-cache
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& $Py -m pytest @args
exit $LASTEXITCODE
