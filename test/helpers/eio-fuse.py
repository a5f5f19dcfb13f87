#!/usr/bin/python3
"""A read-only FUSE passthrough of ROOT at MOUNTPOINT whose file FAIL (a path relative to ROOT)
returns EIO for every read that reaches byte AFTER or beyond: a failing disk or medium, for tests
of how Sluice reports an input/output error. Uses Debian's python3-fusepy (libfuse 2).

Usage: eio-fuse.py ROOT MOUNTPOINT FAIL AFTER   (runs in the foreground until unmounted)
"""
import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class EioPassthrough(Operations):
    def __init__(self, root, fail, after):
        self.root = root
        self.fail = '/' + fail.strip('/')
        self.after = after

    def _full(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        keys = ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid')
        out = {k: getattr(st, k) for k in keys}
        out['st_mtime'] = st.st_mtime_ns / 1e9
        return out

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._full(path))

    def open(self, path, flags):
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise FuseOSError(errno.EROFS)
        return os.open(self._full(path), os.O_RDONLY)

    def read(self, path, size, offset, fh):
        if path == self.fail and offset + size > self.after:
            raise FuseOSError(errno.EIO)
        os.lseek(fh, offset, os.SEEK_SET)
        return os.read(fh, size)

    def release(self, path, fh):
        os.close(fh)
        return 0


if __name__ == '__main__':
    root, mountpoint, fail, after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    FUSE(EioPassthrough(root, fail, after), mountpoint, foreground=True, ro=True, nothreads=True, direct_io=True)
