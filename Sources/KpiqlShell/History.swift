import Foundation
import KpiqlEngine
import KpiqlData

/// The REPL's statement history on disk: one entry per statement, no repeats of the previous
/// entry, capped, and merged on save so two sessions open at once keep each other's entries.
///
/// File format: one entry a line, UTF-8; a newline inside an entry is written `\n` and a
/// backslash `\\`. Reading is forgiving: lines that are not UTF-8, hold control characters or
/// are absurdly long are skipped, so a damaged file never stops the REPL starting.
public final class History {
    public let path: String
    public let capacity: Int
    /// Everything known: the file as read at start (or at the last save) and this session's entries.
    public private(set) var entries: [String]
    /// This session's entries not yet written.
    private var unsaved: [String] = []
    /// Why the last save failed, if it did (the REPL mentions it once).
    public private(set) var lastError: String?

    public static let defaultCapacity = 2000
    /// Entries longer than this are skipped when reading (a damaged file can hold one huge line).
    static let maxEntryBytes = 64 * 1024
    /// Only the end of a file larger than this is read.
    static let maxFileBytes = 8 * 1024 * 1024

    /// `$KPIQL_HOME/history`, else `$XDG_STATE_HOME/kpiql/history`, else ~/.local/state/kpiql/history.
    public static var defaultPath: String { KpiqlPaths.stateDir() + "/history" }

    public init(path: String = History.defaultPath, capacity: Int = History.defaultCapacity) {
        self.path = path
        self.capacity = max(1, capacity)
        entries = Array(History.read(path).suffix(self.capacity))
    }

    /// Records a statement; false when it is empty or repeats the previous entry.
    @discardableResult
    public func add(_ statement: String) -> Bool {
        guard let entry = History.entry(for: statement), entry != entries.last else { return false }
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        unsaved.append(entry)
        return true
    }

    /// Writes this session's new entries: under a lock, re-read the file (another session may
    /// have saved since), append ours, cap, and replace the file atomically.
    @discardableResult
    public func save() -> Bool {
        guard !unsaved.isEmpty else { return true }
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        guard let lock = FileLock(path: path + ".lock") else {
            lastError = "cannot lock \(path).lock"
            return false   // kept in `unsaved`: the next save tries again
        }
        defer { lock.release() }
        var merged = History.read(path)
        for e in unsaved where e != merged.last { merged.append(e) }
        if merged.count > capacity { merged.removeFirst(merged.count - capacity) }
        do {
            try AtomicFile.write(History.encode(merged), to: path, overwrite: true, mode: 0o600)   // queries typed are the user's business
        } catch {
            lastError = error.message   // "cannot write to PATH: no space left on device"
            return false
        }
        unsaved.removeAll()
        entries = merged
        lastError = nil
        return true
    }

    /// The history entry for a statement: trimmed, its lines joined with spaces so it recalls
    /// as one line, unless it holds a `--` comment (joining would comment out the rest).
    public static func entry(for statement: String) -> String? {
        let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        guard text.contains(where: \.isNewline) else { return text }
        var lexer = Lexer(text)
        var out: [UInt8] = []
        while let seg = lexer.nextSegment() {
            let bytes = lexer.text[seg.range]
            switch seg.kind {
            case .comment: return text   // keep the statement exactly as typed
            case .quoted: out += bytes
            case .code:
                var i = bytes.startIndex
                while i < bytes.endIndex {
                    let c = bytes[i]
                    if c == 0x0A || c == 0x0D {
                        // The line break and the indentation around it become one space.
                        while let l = out.last, l == 0x20 || l == 0x09 { out.removeLast() }
                        while i + 1 < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + 1]) { i += 1 }
                        out.append(0x20)
                    } else {
                        out.append(c)
                    }
                    i += 1
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: File format

    static func encode(_ entries: [String]) -> String {
        entries.map { e in
            e.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        }.joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
    }

    /// The entries of a history file; missing, unreadable or damaged parts give fewer entries, never an error.
    static func read(_ path: String) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        var data: Data
        var partialFirst = false
        let size = (try? handle.seekToEnd()) ?? 0
        if size > UInt64(maxFileBytes) {
            try? handle.seek(toOffset: size - UInt64(maxFileBytes))
            partialFirst = true   // started mid-line: drop that line
        } else {
            try? handle.seek(toOffset: 0)
        }
        data = (try? handle.readToEnd()) ?? Data()
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true)
        if partialFirst && !lines.isEmpty { lines.removeFirst() }
        return lines.compactMap(decodeLine)
    }

    static func decodeLine(_ bytes: Data.SubSequence) -> String? {
        guard bytes.count <= maxEntryBytes, let raw = String(validating: bytes, as: UTF8.self) else { return nil }
        var out = ""
        var escaped = false
        for c in raw {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "\\": out.append("\\")
                default: out.append("\\"); out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                // Control characters (NUL, escape sequences…) mean binary garbage, not a statement.
                if c != "\t", c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return nil }
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        let trimmed = out.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : out
    }
}

/// An exclusive `flock` on a lock file, waited for with a deadline so a stuck session can
/// delay a save but never hang this one.
final class FileLock {
    private let fd: Int32

    init?(path: String, timeout: TimeInterval = 5) {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else { close(fd); return nil }
            usleep(2_000)
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
