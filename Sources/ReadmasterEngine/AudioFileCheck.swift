import Foundation

/// What a recording path is before anything opens it. Opening a FIFO for reading waits
/// for a writer forever, and a device can stream without end, so a batch reads only
/// regular files and says what anything else is (an error record; the batch goes on).
public enum AudioFileCheck {
    public static func problem(_ path: String) -> EngineError? {
        var st = stat()
        // stat follows symlinks: a link to a regular file is fine, a link to a FIFO is not.
        guard stat(path, &st) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .fileNotFound(path) : .unreadable(path, reason: String(cString: strerror(errno)))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return .notRegularFile(path, kind: "a FIFO (named pipe)")
        case S_IFSOCK: return .notRegularFile(path, kind: "a socket")
        case S_IFCHR: return .notRegularFile(path, kind: "a character device")
        case S_IFBLK: return .notRegularFile(path, kind: "a block device")
        case S_IFDIR: return .notRegularFile(path, kind: "a folder")
        default: return .notRegularFile(path, kind: "not a regular file")
        }
    }
}
