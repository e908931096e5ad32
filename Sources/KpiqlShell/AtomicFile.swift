import Foundation
import KpiqlEngine

/// Writes files so that a crash at any moment leaves the old file or the new one, never a
/// truncated one: write a temporary file in the same folder, fsync it, then rename (or link,
/// when an existing file must not be replaced).
public enum AtomicFile {
    public static func write(_ text: String, to path: String, overwrite: Bool, mode: mode_t = 0o644) throws(Diagnostic) {
        let dir = (path as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw Diagnostic(.io, code: "K606", "cannot create folder \(dir)")
        }
        let tmp = dir + "/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Diagnostic(.io, code: "K606", "cannot write in \(dir)") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { close(fd); unlink(tmp); throw Diagnostic(.io, code: "K606", "cannot write \(tmp)") }
            written += n
        }
        fsync(fd)
        fchmod(fd, mode)
        close(fd)
        if overwrite {
            guard rename(tmp, path) == 0 else { unlink(tmp); throw Diagnostic(.io, code: "K606", "cannot replace \(path)") }
        } else {
            // link() fails if the name exists, so two sessions saving at once cannot clobber each other.
            let r = link(tmp, path)
            let e = errno
            unlink(tmp)
            if r != 0 {
                if e == EEXIST {
                    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                    throw Diagnostic(.usage, code: "K607", "a saved query named '\(name)' already exists",
                                     hints: ["use .save! \(name) to replace it, or choose another name"])
                }
                throw Diagnostic(.io, code: "K606", "cannot create \(path)")
            }
        }
        let dfd = open(dir, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
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
        if let data = BundledDatasets.locate() {
            let q = (data as NSString).deletingLastPathComponent + "/queries"
            if FileManager.default.fileExists(atPath: q) { return q }
        }
        return nil
    }
}
