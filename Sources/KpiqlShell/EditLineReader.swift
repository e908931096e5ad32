import CEditLineShim
import Foundation

/// The REPL's line reader on a real terminal: libedit line editing (emacs keys, ~/.editrc),
/// history recalled with the arrows and Ctrl-R and kept across sessions, Tab completion,
/// and Ctrl-C that drops the line being typed instead of leaving.
final class EditLineReader: LineReader {
    private let editor: OpaquePointer
    private let session: Session
    private let history: History
    private let completer: Completer
    /// Lines already entered of the statement being typed, so completion on a continuation
    /// line still knows e.g. the `from` table.
    private var statementLines: [String] = []
    private var warnedAboutHistory = false

    init?(session: Session, history: History) {
        guard let ed = kq_editor_open("kpiql", Int32(history.capacity)) else { return nil }
        editor = ed
        self.session = session
        self.history = history
        completer = Completer(session: session)
        for entry in history.entries { kq_history_enter(ed, entry) }
        // The C side calls back with this object as its context; it lives as long as the editor.
        kq_editor_set_completer(ed, { line, result, ctx in
            guard let line, let result, let ctx else { return }
            Unmanaged<EditLineReader>.fromOpaque(ctx).takeUnretainedValue().complete(String(cString: line), into: result)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { kq_editor_close(editor) }

    func readLine(prompt: String) -> LineInput? {
        // A Ctrl-C that arrived after the last query finished is not meant for the next one.
        kq_clear_interrupt()
        if !prompt.hasSuffix("...> ") { statementLines.removeAll() }
        kq_editor_set_prompt(editor, prompt)
        var status: Int32 = 0
        let line = kq_editor_gets(editor, &status)
        defer { free(line) }
        switch Int(status) {
        case KQ_LINE:
            let text = line.map { String(cString: $0) } ?? ""
            statementLines.append(text)
            return .line(text)
        case KQ_INTERRUPTED:
            statementLines.removeAll()
            session.output.out("\n")   // the next prompt on a fresh line
            return .interrupted
        default:
            session.output.out("\n")   // leave the shell's prompt on its own line
            return nil
        }
    }

    func addHistory(_ statement: String) {
        statementLines.removeAll()
        guard history.add(statement), let entry = history.entries.last else { return }
        kq_history_enter(editor, entry)
        // Saved now, not at exit, so a killed terminal loses nothing.
        if !history.save(), !warnedAboutHistory {
            warnedAboutHistory = true
            session.note("kpiql: history not saved (\(history.lastError ?? "unknown error"))")
        }
    }

    private func complete(_ lineToCursor: String, into result: UnsafeMutablePointer<kq_completion>) {
        let text = (statementLines + [lineToCursor]).joined(separator: "\n")
        guard let edit = completer.complete(text).edit(spaceFollows: result.pointee.space_follows != 0) else { result.pointee.found = 0; return }
        result.pointee.found = 1
        result.pointee.delete_chars = Int32(edit.delete)
        result.pointee.insert = edit.insert.isEmpty ? nil : strdup(edit.insert)
        if !edit.listing.isEmpty {
            result.pointee.listing = strdup(Completer.columns(edit.listing, width: Session.terminalWidth() ?? 80))
        }
    }
}

extension Completer {
    /// What Tab does to the line: remove `delete` characters before the cursor, insert
    /// `insert`, and list `listing` below when there is a choice.
    public struct Edit: Equatable {
        public var delete: Int
        public var insert: String
        public var listing: [String]
    }

    /// Most candidates a listing shows; a field like `name` has hundreds of values.
    static let maxListed = 200

    /// Candidates in columns, down then across as `ls` does, fitting `width`.
    public static func columns(_ items: [String], width: Int) -> String {
        let shown = Array(items.prefix(maxListed))
        guard !shown.isEmpty else { return "" }
        let cell = (shown.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / cell)
        let rows = (shown.count + perRow - 1) / perRow
        var out = ""
        for r in 0..<rows {
            var line = ""
            for c in 0..<perRow where c * rows + r < shown.count {
                let item = shown[c * rows + r]
                line += c * rows + r + rows < shown.count ? item.padding(toLength: cell, withPad: " ", startingAt: 0) : item
            }
            out += line.trimmingCharacters(in: .whitespaces) + "\n"
        }
        if items.count > shown.count { out += "… and \(items.count - shown.count) more\n" }
        return out
    }

    /// The longest start shared by all the strings, ignoring case (spelled as in the first).
    public static func commonPrefix(_ items: [String]) -> String {
        guard let first = items.first else { return "" }
        var prefix = Array(first)
        for item in items.dropFirst() {
            let other = Array(item)
            var n = 0
            while n < prefix.count && n < other.count && prefix[n].lowercased() == other[n].lowercased() { n += 1 }
            prefix.removeSubrange(n...)
        }
        return String(prefix)
    }
}

extension Completer.Completion {
    public var edit: Completer.Edit? { edit(spaceFollows: false) }

    /// The unique candidate, quotes closed, and one space (none after a folder's `/` or a
    /// `name=`, nor when a space already follows the cursor); else the candidates' common
    /// start, when it adds to the word, and the list of candidates. A common start never
    /// opens a quote the user did not type: `S` with "Sefton" and "St Helens" stays `S`
    /// (a lone `"S` left on the line would be an unclosed string if Enter came next).
    public func edit(spaceFollows: Bool) -> Completer.Edit? {
        guard !candidates.isEmpty else { return nil }
        let delete = word.unicodeScalars.count   // libedit counts characters as code points
        if candidates.count == 1 {
            let c = candidates[0]
            let space = c.hasSuffix("/") || c.hasSuffix("=") || spaceFollows ? "" : " "
            return Completer.Edit(delete: delete, insert: c + space, listing: [])
        }
        let listing = paths ? candidates.map(Completer.lastComponent) : candidates
        var prefix = Completer.commonPrefix(candidates)
        let quotes: Set<Character> = ["\"", "'"]
        if let q = prefix.first, quotes.contains(q), word.first != q {
            // Drop the quote the candidates carry and match the rest against the bare word.
            prefix = String(prefix.dropFirst())
        }
        guard prefix.count >= word.count, prefix != word else { return Completer.Edit(delete: 0, insert: "", listing: listing) }
        return Completer.Edit(delete: delete, insert: prefix, listing: listing)
    }
}

extension Completer {
    /// `queries/children_red.kpiql` → `children_red.kpiql`; `datasets/` → `datasets/`.
    static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return path }
        return String(trimmed[trimmed.index(after: slash)...]) + (path.hasSuffix("/") ? "/" : "")
    }
}
