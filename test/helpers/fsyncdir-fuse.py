#!/usr/bin/python3
"""A read-only FUSE passthrough of ROOT at MOUNTPOINT where fsync of any folder fails with ERRNO
(a name: EISDIR, EPERM, EBADF, EIO...) and fsync of a file succeeds: a filesystem that refuses
fsync on folders, for tests of what durable.ts tolerates. Uses Debian's python3-fusepy (libfuse 2).

Usage: fsyncdir-fuse.py ROOT MOUNTPOINT ERRNO   (runs in the foreground until unmounted)
"""
import errno
import sys

from fusepy import FUSE, FuseOSError

sys.dont_write_bytecode = True  # no __pycache__ left beside the helpers in the clone
from readonly_fuse import ReadOnlyPassthrough  # noqa: E402 (after the line above)


class FsyncdirRefused(ReadOnlyPassthrough):
    def __init__(self, root, code):
        super().__init__(root)
        self.code = code

    def fsync(self, path, datasync, fh):
        return 0

    def fsyncdir(self, path, datasync, fh):
        raise FuseOSError(self.code)


if __name__ == '__main__':
    root, mountpoint, name = sys.argv[1], sys.argv[2], sys.argv[3]
    FUSE(FsyncdirRefused(root, getattr(errno, name)), mountpoint, foreground=True, ro=True, nothreads=True)
