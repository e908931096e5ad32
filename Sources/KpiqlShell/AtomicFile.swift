import CEditLineShim
import Foundation
import KpiqlEngine
import KpiqlData

/// Writes files so that a crash or a full disk at any moment leaves the old file or the new
/// one, never a truncated one: write a temporary file in the same folder through `FileSink`
/// (every write, the fsync and the close checked), then rename it (or link it, when an
/// existing file must not be replaced). A termination signal meanwhile removes the temporary
/// file (signals.c); any failure removes it and names the file and the OS reason.
public enum AtomicFile {
    public static func write(_ text: String, to path: String, overwrite: Bool, mode: mode_t = 0o644) throws(Diagnostic) {
        do { try writeChecked(text, to: path, overwrite: overwrite, mode: mode) } catch { throw error.diagnostic(code: "K606") }
    }

    /// As `write`, with the failure still carrying its errno (the caller words the diagnostic).
    public static func writeChecked(_ text: String, to given: String, overwrite: Bool, mode: mode_t = 0o644) throws(AtomicFailure) {
        var path = given
        var st = stat()
        if stat(given, &st) == 0 {
            // A device or a pipe (/dev/stdout, a FIFO) is written in place: renaming over it
            // would replace the device with a plain file.
            if (st.st_mode & S_IFMT) != S_IFREG {
                do throws(IOFailure) {
                    let sink = try FileSink.open(given, flags: 0)
                    try sink.write(text)
                    try sink.close()
                } catch { throw .io(error) }
                return
            }
            // Through a symbolic link the file it points to is replaced, not the link.
            if let real = realpath(given, nil) { path = String(cString: real); free(real) }
        }
        let dir = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        do { try makeFolder(dir) } catch { throw .io(error) }
        let tmp = dir + "/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        kq_pending_temp_set(tmp)
        defer { kq_pending_temp_clear() }
        do throws(IOFailure) {
            let sink = try FileSink.open(tmp, flags: O_CREAT | O_EXCL, mode: 0o600)
            do throws(IOFailure) {
                try sink.write(text)
                fchmodTo(sink, mode)
                try sink.close()
            } catch {
                try? sink.close()
                throw error
            }
        } catch {
            unlink(tmp)
            // The temporary name means nothing to the user: name the file they asked for.
            throw .io(IOFailure(name: given, action: "write to", errno: error.errno))
        }
        if overwrite {
            guard rename(tmp, path) == 0 else {
                let e = errno
                unlink(tmp)
                throw .io(IOFailure(name: given, action: "replace", errno: e))
            }
        } else {
            // link() fails if the name exists, so two sessions saving at once cannot clobber each other.
            let r = link(tmp, path)
            let e = errno
            unlink(tmp)
            if r != 0 { throw e == EEXIST ? .exists(given) : .io(IOFailure(name: given, action: "create", errno: e)) }
        }
        // The rename itself is made durable by syncing the folder; a folder that cannot be synced is not an error.
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Whether a file could be written at `path` now (its folder exists and takes a new file),
    /// without creating it: a temporary file is made and removed.
    public static func probe(_ path: String) throws(IOFailure) {
        var st = stat()
        if stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw IOFailure(name: path, errno: EISDIR) }
            return   // a device or a pipe: written in place
        }
        let dir = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let tmp = dir + "/.\((path as NSString).lastPathComponent).\(getpid()).probe.tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw IOFailure(name: path, errno: errno) }
        close(fd)
        unlink(tmp)
    }

    /// Creates `dir` and its parents (mode 0755), reporting the errno of the step that failed.
    static func makeFolder(_ dir: String) throws(IOFailure) {
        var st = stat()
        if stat(dir, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw IOFailure(name: dir, action: "create folder", errno: ENOTDIR) }
            return
        }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != dir { try makeFolder(parent) }
        if mkdir(dir, 0o755) != 0 && errno != EEXIST { throw IOFailure(name: dir, action: "create folder", errno: errno) }
    }

    private static func fchmodTo(_ sink: FileSink, _ mode: mode_t) {
        sink.withDescriptor { fchmod($0, mode) }
    }
}

/// Why a whole-file write failed: the name was taken (when not replacing), or the OS said no.
public enum AtomicFailure: Error {
    case exists(String)
    case io(IOFailure)

    public func diagnostic(code: String) -> Diagnostic {
        switch self {
        case .exists(let path):
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            return Diagnostic(.usage, code: "K607", "a saved query named '\(name)' already exists",
                              hints: ["use .save! \(name) to replace it, or choose another name"])
        case .io(let f): return f.diagnostic(code: code)
        }
    }
}

/// Where kpiql keeps the user's files (XDG, or `$KPIQL_HOME` for everything).
public enum KpiqlPaths {
    static var env: [String: String] { ProcessInfo.processInfo.environment }
    static var home: String { env["HOME"] ?? NSHomeDirectory() }

    public static func configDir() -> String {
        if let h = env["KPIQL_HOME"], !h.isEmpty { return h }
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/kpiql" }
        return home + "/.config/kpiql"
    }

    public static func stateDir() -> String {
        if let h = env["KPIQL_HOME"], !h.isEmpty { return h }
        if let x = env["XDG_STATE_HOME"], !x.isEmpty { return x + "/kpiql" }
        return home + "/.local/state/kpiql"
    }

    /// The project's `queries/` beside the bundled datasets (or in the current folder).
    public static func projectQueriesDir() -> String? {
        let cwd = FileManager.default.currentDirectoryPath + "/queries"
        if FileManager.default.fileExists(atPath: cwd) { return cwd }
        if let data = DatasetsFolder.locate() {
            let q = (data as NSString).deletingLastPathComponent + "/queries"
            if FileManager.default.fileExists(atPath: q) { return q }
        }
        return nil
    }
}
