import Foundation
import KpiqlEngine
import KpiqlData

/// A failed system call on a file kpiql writes: which file, what it was doing, and `errno`.
/// It becomes a `Diagnostic` naming the file and the OS reason ("no space left on device").
public struct IOFailure: Error, Sendable {
    /// The path, or "standard output".
    public var name: String
    /// What kpiql was doing: "write to", "create", "replace"…
    public var action: String
    public var errno: Int32

    public init(name: String, action: String = "write to", errno: Int32) {
        self.name = name
        self.action = action
        self.errno = errno
    }

    /// The OS reason in lower case, as the diagnostic prints it: "no space left on device".
    public var reason: String {
        let s = String(cString: strerror(errno))
        return s.prefix(1).lowercased() + s.dropFirst()
    }

    /// What the user can do about it; nil when the reason says it all.
    public var hint: String? {
        switch errno {
        case ENOSPC, EDQUOT: return "free some space on that disk, or write the file somewhere else"
        case EROFS: return "that file system is read-only: choose a folder on another disk"
        case EACCES, EPERM: return "you may not write there: choose a folder you own, or change its permissions"
        case ENOENT: return "the folder does not exist: create it first, or give another path"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EISDIR: return "that is a folder: give a file name inside it"
        case EBADF: return name == "standard output"
            ? "standard output is closed: run kpiql with its output sent to a file or a pipe"
            : "the file was closed before kpiql finished writing it"
        case EIO: return "the device reported an error: check the disk (dmesg), then try again"
        case EPIPE: return "the program reading this file stopped reading"
        default: return nil
        }
    }

    /// "no space left on device", or "cannot create folder /x: not a directory" when the
    /// failure was on another file than `path` (a parent folder).
    public func reason(for path: String) -> String {
        name == path ? reason : "cannot \(action) \(name): \(reason)"
    }

    /// The diagnostic for this failure: file error, exit status 4.
    /// `then`: what kpiql did about it, as a last hint ("results go to the screen again").
    public func diagnostic(code: String = "K609", then: String? = nil) -> Diagnostic {
        Diagnostic(.io, code: code, "cannot \(action) \(name): \(reason)", hints: [hint, then].compactMap { $0 })
    }
}

/// The one checked writer of kpiql: standard output, `.output` files and the temporary files
/// of `AtomicFile` all write through it. Every `write(2)`, `fsync` and `close` is checked;
/// short writes and EINTR are retried, any other failure throws an `IOFailure`.
public final class FileSink {
    public let name: String
    private var fd: Int32
    private let owned: Bool
    /// Set when the descriptor is known to be closed (kpiql started with `>&-`): every write fails with EBADF.
    private let closedAtStart: Bool

    public init(fd: Int32, name: String, owned: Bool, closedAtStart: Bool = false) {
        self.fd = fd
        self.name = name
        self.owned = owned
        self.closedAtStart = closedAtStart
    }

    /// Opens `path` for writing: created or truncated with `flags` (exclusive creation for temporary files).
    public static func open(_ path: String, flags: Int32 = O_CREAT | O_TRUNC, mode: mode_t = 0o644) throws(IOFailure) -> FileSink {
        let fd = Foundation.open(path, O_WRONLY | O_CLOEXEC | flags, mode)
        guard fd >= 0 else { throw IOFailure(name: path, action: "write to", errno: errno) }
        return FileSink(fd: fd, name: path, owned: true)
    }

    public func write(_ text: String) throws(IOFailure) {
        var text = text
        var failure: IOFailure?
        text.withUTF8 { buf in
            do throws(IOFailure) { try write(UnsafeRawBufferPointer(buf)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(IOFailure) {
        if closedAtStart || fd < 0 { throw IOFailure(name: name, errno: EBADF) }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOFailure(name: name, errno: errno)
            }
            // write(2) returns 0 only for a zero-length request; treat it as a full device rather than spin.
            if n == 0 { throw IOFailure(name: name, errno: ENOSPC) }
            done += n
        }
    }

    /// Pushes a regular file's data to the disk, so a full or failing disk is reported now,
    /// not lost when the cache is written back (pipes and terminals have nothing to sync).
    public func sync() throws(IOFailure) {
        guard fd >= 0, !closedAtStart else { return }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS { throw IOFailure(name: name, errno: errno) }
    }

    /// Syncs and closes a file this sink opened; a failure of either is reported (a close can
    /// be the first to see an error on network file systems). Standard output is only synced.
    public func close() throws(IOFailure) {
        guard fd >= 0 else { return }
        var failure: IOFailure?
        do throws(IOFailure) { try sync() } catch { failure = error }
        if owned {
            if Foundation.close(fd) != 0 && errno != EINTR && failure == nil { failure = IOFailure(name: name, errno: errno) }
            fd = -1
        }
        if let failure { throw failure }
    }

    /// Runs `body` on the open descriptor (fchmod of a temporary file before it is renamed).
    func withDescriptor(_ body: (Int32) -> Int32) {
        if fd >= 0 && !closedAtStart { _ = body(fd) }
    }

    deinit { if owned && fd >= 0 { Foundation.close(fd) } }
}
