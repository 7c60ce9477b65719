"""``@guarded``: an action or message handler of the editor never shows a traceback."""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable


def _refused(owner: Any, method: Callable) -> bool:
    """The owner (the main screen, while its file opens) refuses the action or handler."""
    refuse = getattr(owner, "refused_while_opening", None)
    return refuse is not None and refuse(method.__name__)


def guarded(method: Callable) -> Callable:
    """Turn any exception of an action or handler into a notification, never a traceback; and
    refuse it while the editor's file is still opening (the owner's ``refused_while_opening``
    says, by the method's name)."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if _refused(self, method):
                return None
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the point is to catch everything
                self.report_error(exc)
        return async_wrapper

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _refused(self, method):
            return None
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            self.report_error(exc)
    return wrapper


__all__ = ["guarded"]
