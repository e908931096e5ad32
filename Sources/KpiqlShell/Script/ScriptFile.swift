import Foundation
import KpiqlEngine

/// A file of statements read to be run: `-f`, `-init`, `.read`, `kpiql sql -f` and the
/// start-up file all read through here, so each says the same thing when it cannot.
public enum ScriptFile {
    /// The file's text. A failure names the file and the system's reason (no such file, a
    /// folder, no permission), or says the bytes are not UTF-8 text.
    public static func read(_ path: String) throws(Diagnostic) -> String {
        // open(2) and fstat(2) give the reason Foundation's readers keep to themselves.
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw failure(path, errno) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { throw failure(path, EISDIR) }
        let data: Data
        do { data = try handle.readToEnd() ?? Data() } catch { throw failure(path, EIO) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(.io, code: "K803", "cannot read \(path): it is not UTF-8 text",
                             hints: ["save it as UTF-8 (in Excel or Notepad: Save As, encoding UTF-8)"])
        }
        return text
    }

    private static func failure(_ path: String, _ code: Int32) -> Diagnostic {
        let reason = String(cString: strerror(code))
        let hint = code == EISDIR ? "that is a folder: give a file inside it"
            : "check the path; it is relative to \(FileManager.default.currentDirectoryPath)"
        return Diagnostic(.io, code: "K803", "cannot read \(path): \(reason.prefix(1).lowercased() + reason.dropFirst())", hints: [hint])
    }

    /// Reads `path` and calls `body` with its text while the parameter defaults of its header
    /// (a saved query's `-- param:` lines) are in force beneath those given explicitly
    /// (`--param`); reports a file it cannot read and returns false.
    @discardableResult
    public static func run(_ path: String, in session: Session, _ body: (String) -> Void) -> Bool {
        let text: String
        do { text = try read(path) } catch {
            session.report(error)
            return false
        }
        let saved = SavedQuery.parse(text, name: path, path: path, location: .user)
        let explicit = session.parameters
        session.parameters = saved.defaults.merging(explicit) { _, new in new }
        defer { session.parameters = explicit }
        body(text)
        return true
    }
}
