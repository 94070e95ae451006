"""PyInstaller runtime hook: let WeasyPrint find the Pango DLLs in a Windows bundle.

Runs before the application. WeasyPrint opens Pango, GObject, HarfBuzz and fontconfig with
LoadLibraryEx(LOAD_LIBRARY_SEARCH_DEFAULT_DIRS) (weasyprint/text/ffi.py), which searches only the
executable's folder, System32 and folders added with os.add_dll_directory, never PATH; and in a
frozen application it skips its own WEASYPRINT_DLL_DIRECTORIES handling. So: add the bundle's
_internal folder (where a Windows build collects the DLLs), then the folders WeasyPrint itself would
have added (WEASYPRINT_DLL_DIRECTORIES, else MSYS2's and the GTK runtime's default places), so the
tool's existing hint about installing Pango stays true for a bundle built without it.
Does nothing on Linux and macOS. Not verified on Windows (see packaging/README.md).
"""

import os
import sys

if os.name == "nt" and hasattr(os, "add_dll_directory"):
    _folders = [getattr(sys, "_MEIPASS", "")]
    _folders += os.environ.get("WEASYPRINT_DLL_DIRECTORIES", "C:\\msys64\\ucrt64\\bin;C:\\msys64\\mingw64\\bin;"
                               "C:\\Program Files\\GTK3-Runtime Win64\\bin").split(";")
    for _folder in _folders:
        if _folder and os.path.isdir(_folder):
            try:
                os.add_dll_directory(_folder)
            except OSError:
                pass
