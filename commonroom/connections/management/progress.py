"""A progress bar for long commands, readable in a terminal and in a log file alike."""

import time
from typing import Protocol


class Stream(Protocol):
    """A text stream: a file, ``sys.stdout`` or a management command's ``self.stdout``."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


class ProgressBar:
    """``[#####-----] 12/50 homes  0:14 elapsed, about 0:44 left``.

    In a terminal the line is redrawn in place (cursor up, clear the line: each write still ends
    with a newline, as a command's output wrapper insists); without one (CI, a log file, a pipe)
    a fresh line is written at most every ``quiet_seconds`` and at the end, so logs stay
    short."""

    WIDTH = 30

    def __init__(self, out: Stream, total: int, unit: str, quiet_seconds: float = 5.0) -> None:
        self.out, self.total, self.unit = out, total, unit
        self.started = time.monotonic()
        isatty = getattr(out, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.quiet_seconds = quiet_seconds
        self.last_line = 0.0
        self.drawn = False

    def update(self, done: int, extra: str = "") -> None:
        now = time.monotonic()
        finished = done >= self.total
        if not self.tty and not finished and now - self.last_line < self.quiet_seconds:
            return
        self.last_line = now
        line = self.line(done, now - self.started, extra)
        redraw = "\x1b[1A\x1b[2K" if self.tty and self.drawn else ""
        self.out.write(f"{redraw}{line}\n")
        self.out.flush()
        self.drawn = True

    def line(self, done: int, elapsed: float, extra: str = "") -> str:
        filled = self.WIDTH * done // self.total if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        left = "done" if done >= self.total else "estimating"
        if 0 < done < self.total:
            left = f"about {_clock(elapsed / done * (self.total - done))} left"
        text = f"[{bar}] {done}/{self.total} {self.unit}  {_clock(elapsed)} elapsed, {left}"
        return f"{text}  {extra}".rstrip()


def _clock(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
