#!/usr/bin/python3
"""A read-only FUSE passthrough of ROOT at MOUNTPOINT where fsync of any folder fails with ERRNO
(a name: EISDIR, EPERM, EBADF, EIO...) and fsync of a file succeeds: a filesystem that refuses
fsync on folders, for tests of what durable.ts tolerates. Uses Debian's python3-fusepy (libfuse 2).

Usage: fsyncdir-fuse.py ROOT MOUNTPOINT ERRNO   (runs in the foreground until unmounted)
"""
import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class FsyncdirRefused(Operations):
    def __init__(self, root, code):
        self.root = root
        self.code = code

    def _full(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        keys = ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_mtime', 'st_nlink', 'st_size', 'st_uid', 'st_ino')
        return {k: getattr(st, k) for k in keys}

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._full(path))

    def open(self, path, flags):
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise FuseOSError(errno.EROFS)
        return os.open(self._full(path), os.O_RDONLY)

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def fsync(self, path, datasync, fh):
        return 0

    def fsyncdir(self, path, datasync, fh):
        raise FuseOSError(self.code)

    def release(self, path, fh):
        os.close(fh)
        return 0


if __name__ == '__main__':
    root, mountpoint, name = sys.argv[1], sys.argv[2], sys.argv[3]
    FUSE(FsyncdirRefused(root, getattr(errno, name)), mountpoint, foreground=True, ro=True, nothreads=True)
