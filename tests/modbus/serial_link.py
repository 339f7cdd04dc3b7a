"""A null-modem cable made of two pseudo-terminals, for RTU over a real serial port path.

Each end is the slave side of a pty (a /dev/pts/N path that pyserial opens like any serial
port); the test's event loop copies bytes between the two master sides, as a cable would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tty


class NullModemCable:
    """`port_a` and `port_b` are wired to each other while the cable is open."""

    def __init__(self) -> None:
        self._fds: list[int] = []
        master_a, slave_a = self._openpty()
        master_b, slave_b = self._openpty()
        self.port_a, self.port_b = os.ttyname(slave_a), os.ttyname(slave_b)
        self._masters = (master_a, master_b)
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(master_a, self._copy, master_a, master_b)
        self._loop.add_reader(master_b, self._copy, master_b, master_a)

    def _openpty(self) -> tuple[int, int]:
        master, slave = os.openpty()
        self._fds += [master, slave]
        # Raw until pyserial configures it: no echo, no line editing. The slave stays open here
        # too, so a master read never fails with EIO while a test end is closed and reopened.
        tty.setraw(slave)
        os.set_blocking(master, False)
        return master, slave

    def _copy(self, source: int, target: int) -> None:
        try:
            data = os.read(source, 4096)
        except BlockingIOError:
            return
        except OSError:  # the pty is gone: stop watching it rather than spin on the error
            self._loop.remove_reader(source)
            return
        with contextlib.suppress(BlockingIOError):  # frames are tiny; a full pty drops them
            os.write(target, data)

    def close(self) -> None:
        for master in self._masters:
            self._loop.remove_reader(master)
        for fd in self._fds:
            os.close(fd)
        self._fds = []
