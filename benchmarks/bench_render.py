"""Issue 4's name for the UI frame benchmark: runs ``bench_ui.py`` (same figures, same last line:
``frame_ms=... frame_median_ms=X frame_p99_ms=Y first_frame_s=Z zoom_step_ms=Q rss_mb=W``)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ui import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
