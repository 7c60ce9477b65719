"""``@guarded``: an action or message handler of the editor never shows a traceback."""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable


def guarded(method: Callable) -> Callable:
    """Turn any exception of an action or handler into a notification, never a traceback."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the point is to catch everything
                self.report_error(exc)
        return async_wrapper

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            self.report_error(exc)
    return wrapper


__all__ = ["guarded"]
