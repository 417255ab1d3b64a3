"""Run one function in a forked child process and take back its result (or its exception).

The build reads the plans and writes the pages in a child (journey/pipeline.py build): everything that needs
(the model, the templates, the spreadsheet and PDF libraries, the plans themselves) goes away with
the child before the site engine starts, so a build's peak memory is about the engine's own. Where
fork is not available the function runs here instead.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback


_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def call(fn, *args, **kwargs):
    """fn(*args, **kwargs), run in a forked child; its return value, or its exception raised here.
    An interrupt here stops the child too."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return fn(*args, **kwargs)
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    # Interrupts wait until each side is ready to clean up after itself (the child ends; this side
    # stops the child), so neither is ever left behind.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if _main_thread() else None
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 0
        try:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(read)
            try:
                outcome = ("ok", fn(*args, **kwargs))
            except BaseException as e:  # noqa: BLE001 - every failure goes to the parent, which raises it
                code = 1
                if os.environ.get("JOURNEY_DEBUG"):
                    traceback.print_exc()
                outcome = ("error", e)
            with os.fdopen(write, "wb") as out:
                try:
                    pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as e:  # noqa: BLE001 - an exception that cannot cross: its words can
                    what = outcome[1] if outcome[0] == "error" else e
                    pickle.dump(("error", RuntimeError(f"{type(what).__name__}: {what}")), out)
        except BaseException:  # noqa: BLE001 - interrupted, or the parent has gone: nothing more to say
            code = 1
        finally:
            os._exit(code)
    done = False
    try:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(write)
        with os.fdopen(read, "rb") as inbox:
            try:
                kind, value = pickle.load(inbox)
            except (EOFError, pickle.UnpicklingError):
                raise RuntimeError("the process reading the plans stopped without finishing") from None
        done = True
    finally:
        if not done:  # interrupted or failed here: the child's work is no longer wanted
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        os.waitpid(pid, 0)
    if kind == "error":
        raise value
    return value
