"""Frame pacing for a screen: the next frame one frame period after the last, never two, and
at once for what a screen says is ready.

Textual paints a screen from a timer that runs at most ``MAX_FPS`` times a second and pauses
while nothing changes. After a pause its timer paints the first change at once and then skips
a whole period: it sets its count to the next frame time after now and then waits for the
frame after *that* one (``Timer._run``: ``count = int((now - start) / interval + 1)`` and
``continue``). So when a key is echoed at once and what it starts (the NOS picker's search
results) is ready a few milliseconds later, those results wait 17 to 33 ms for a frame at 60
frames a second instead of at most 17.

:class:`PacedTimer` keeps the same limit with no skip: a frame at once when the last one was at
least a period ago, else exactly one period after the last. And a screen that has just drawn
what the person is waiting for (the picker's results) calls :meth:`PacedTimer.hurry`: for a
moment frames come as soon as the screen asks for one, so the results are painted when they
are ready rather than held to the frame rate (at most one extra frame per search).
:func:`paced_update_timer` makes one for a screen; a screen uses it by overriding its
``_update_timer`` (see the NOS picker). Nothing else about painting changes: the same
callback, paused and resumed by the screen as before.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import _time
from textual.message_pump import MessagePump
from textual.screen import UPDATE_PERIOD  # seconds a frame: 1 / TEXTUAL_FPS (60 by default)
from textual.timer import EventTargetGone, Timer


def now() -> float:
    """Textual's clock (what its own timers use)."""
    return _time.get_time()


async def wait_or_wake(wake: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less if ``wake`` is set meanwhile."""
    try:
        await asyncio.wait_for(wake.wait(), seconds)
    except asyncio.TimeoutError:
        pass


class PacedTimer(Timer):
    """A repeating timer whose ticks are at least ``interval`` apart and, once resumed, never
    later than that: at once when the last tick was a period ago or more. :meth:`hurry` lets
    the ticks of the next moment come as soon as the timer is resumed."""

    _urgent_until = 0.0
    _wake: asyncio.Event | None = None

    def hurry(self, seconds: float | None = None) -> None:
        """For the next ``seconds`` (a period if not given), tick as soon as resumed, however
        recent the last tick: for what should be painted when it is ready, not a frame later
        (the NOS picker's results, which arrive a few ms after the key's echo was painted)."""
        self._urgent_until = now() + (self._interval if seconds is None else seconds)
        if self._wake is not None:
            self._wake.set()

    async def _run(self) -> None:
        interval = self._interval
        last: float | None = None
        self._wake = wake = asyncio.Event()
        while True:
            await self._active.wait()
            while last is not None:
                moment = now()
                wait = last + interval - moment
                if wait <= 0 or moment < self._urgent_until:
                    break
                wake.clear()
                await wait_or_wake(wake, wait)
                await self._active.wait()
            last = now()
            try:
                await self._tick(next_timer=last, count=0)
            except EventTargetGone:
                break


def paced_update_timer(screen: MessagePump, callback: Any) -> PacedTimer:
    """A screen's update timer (what ``Screen._update_timer`` makes, paced): started paused,
    stopped with the screen."""
    timer = PacedTimer(screen, UPDATE_PERIOD, name="screen_update", callback=callback,
                       repeat=None, pause=True)
    timer._start()
    screen._timers.add(timer)
    return timer


__all__ = ["PacedTimer", "UPDATE_PERIOD", "paced_update_timer"]
