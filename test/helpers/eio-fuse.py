#!/usr/bin/python3
"""A read-only FUSE passthrough of ROOT at MOUNTPOINT whose file FAIL (a path relative to ROOT)
returns EIO for every read that reaches byte AFTER or beyond: a failing disk or medium, for tests
of how Sluice reports an input/output error. Uses Debian's python3-fusepy (libfuse 2).

Usage: eio-fuse.py ROOT MOUNTPOINT FAIL AFTER   (runs in the foreground until unmounted)
"""
import errno
import sys

from fusepy import FUSE, FuseOSError

sys.dont_write_bytecode = True  # no __pycache__ left beside the helpers in the clone
from readonly_fuse import ReadOnlyPassthrough  # noqa: E402 (after the line above)


class EioPassthrough(ReadOnlyPassthrough):
    def __init__(self, root, fail, after):
        super().__init__(root)
        self.fail = '/' + fail.strip('/')
        self.after = after

    def read(self, path, size, offset, fh):
        if path == self.fail and offset + size > self.after:
            raise FuseOSError(errno.EIO)
        return super().read(path, size, offset, fh)


if __name__ == '__main__':
    root, mountpoint, fail, after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    FUSE(EioPassthrough(root, fail, after), mountpoint, foreground=True, ro=True, nothreads=True, direct_io=True)
