"""The read-only FUSE passthrough the test filesystems share (eio-fuse.py, fsyncdir-fuse.py): ROOT
served as it is, every write refused with EROFS. Each helper overrides the one operation it makes
fail. Uses Debian's python3-fusepy (libfuse 2).
"""
import errno
import os

from fusepy import FuseOSError, Operations


class ReadOnlyPassthrough(Operations):
    def __init__(self, root):
        self.root = root

    def _full(self, path):
        return os.path.join(self.root, path.lstrip('/'))

    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        keys = ('st_atime', 'st_ctime', 'st_gid', 'st_mode', 'st_nlink', 'st_size', 'st_uid', 'st_ino')
        out = {k: getattr(st, k) for k in keys}
        # The nanosecond mtime, as the kernel has it (the pack's mtime rules floor it).
        out['st_mtime'] = st.st_mtime_ns / 1e9
        return out

    def readdir(self, path, fh):
        return ['.', '..'] + os.listdir(self._full(path))

    def open(self, path, flags):
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise FuseOSError(errno.EROFS)
        return os.open(self._full(path), os.O_RDONLY)

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def release(self, path, fh):
        os.close(fh)
        return 0
