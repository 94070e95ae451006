@echo off
rem Erfaringsbanken studio for Windows: double-click this file. It sets itself up the first time.
chcp 65001 >nul
cd /d "%~dp0"
if not exist ".venv\Scripts\python.exe" (
  echo Setter opp Erfaringsbanken for første gang. Det tar noen minutter, og trengs bare én gang.
  py -3 -m venv .venv 2>nul || python -m venv .venv
  if not exist ".venv\Scripts\python.exe" (
    echo Fant ikke Python. Installer Python fra https://www.python.org/downloads/ og huk av for «Add python.exe to PATH».
    pause
    exit /b 1
  )
  ".venv\Scripts\python.exe" -m pip install --quiet --upgrade pip
  ".venv\Scripts\python.exe" -m pip install --quiet -e .
)
".venv\Scripts\erfaring.exe" studio
pause
