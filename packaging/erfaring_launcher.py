"""Entry script for the PyInstaller bundle: the `erfaring` console command (builder.cli:main)."""

import multiprocessing

from builder.cli import main

if __name__ == "__main__":
    # A build of many slides fits and renders in worker processes (pipeline._run_jobs). On Windows they
    # are spawned: a frozen worker re-runs this executable, and freeze_support() makes it a worker
    # instead of a second `erfaring`. Elsewhere it does nothing.
    multiprocessing.freeze_support()
    main()
