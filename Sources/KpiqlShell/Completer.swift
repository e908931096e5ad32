import Foundation
import KpiqlEngine
import KpiqlData

/// Tab completion for the REPL, from the text of the statement up to the cursor: keywords,
/// fields, a field's values, tables, dot commands and their arguments. Pure Swift, so it is
/// tested without a terminal; `EditLineReader` applies the result to the line.
public struct Completer {
    public let session: Session

    public init(session: Session) { self.session = session }

    /// The word before the cursor and what may replace it (matched ignoring case).
    public struct Completion: Equatable {
        public var word: String
        public var candidates: [String]
        /// Candidates are paths: list them by their last component.
        public var paths = false

        public init(word: String, candidates: [String], paths: Bool = false) {
            self.word = word
            self.candidates = candidates
            self.paths = paths
        }

        public static let none = Completion(word: "", candidates: [])
    }

    /// Everything before the cursor in the statement being typed (earlier lines included,
    /// separated by newlines); the word completed is always on the last line.
    public func complete(_ text: String) -> Completion {
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let result: Completion
        if text.drop(while: { $0.isWhitespace }).hasPrefix(".") {
            result = completeDot(lastLine)
        } else {
            result = completeQuery(text)
        }
        // A word that spans lines (an unclosed string) cannot be replaced on this line.
        return result.word.contains(where: \.isNewline) ? .none : result
    }

    // MARK: Queries

    func completeQuery(_ text: String) -> Completion {
        let scan = QueryScanner(text)
        guard !scan.inComment else { return .none }
        var context = scan.tokens
        var word = ""
        if let last = context.last, !scan.endsInSpace {
            switch last.kind {
            case .word: word = last.text; context.removeLast()
            case .string, .name:
                guard !last.closed else { return .none }   // a finished string: nothing to add
                word = last.text
                context.removeLast()
            case .symbol: break
            }
        }
        let table = tableInUse(context)
        if let prev = context.last, prev.kind == .word, ["from", "join"].contains(prev.text.lowercased()) {
            return Completion(word: word, candidates: Completer.matching(session.engine.catalog.tableNames, word))
        }
        if let field = valueField(context), let column = table?.column(field) {
            return Completion(word: word, candidates: Completer.matching(values(of: column, quote: word.first), word))
        }
        if word.hasPrefix("\"") || word.hasPrefix("'") { return .none }
        let shout = word.contains(where: \.isLetter) && word == word.uppercased()
        let keywords = Keyword.allCases.map { shout ? $0.rawValue.uppercased() : $0.rawValue }
        let fields = (table?.fieldNames ?? []).map { name in
            word.hasPrefix("`") || !Completer.isPlainName(name) ? "`\(name)`" : name
        }
        return Completion(word: word, candidates: Completer.matching(fields, word) + Completer.matching(keywords, word))
    }

    /// The table named after `from`, else the session's current table.
    func tableInUse(_ tokens: [QueryScanner.Token]) -> Table? {
        let catalog = session.engine.catalog
        for (i, t) in tokens.enumerated() where t.kind == .word && t.text.lowercased() == "from" && i + 1 < tokens.count {
            if let named = catalog.table(tokens[i + 1].bare) { return named }
        }
        return catalog.table(session.defaultTable)
    }

    /// The field whose value comes next: `field =`, `field !=`, `field in (`, `field in (a, `.
    func valueField(_ tokens: [QueryScanner.Token]) -> String? {
        guard let last = tokens.last, last.kind == .symbol else { return nil }
        let fieldAt: (Int) -> String? = { i in
            i >= 0 && (tokens[i].kind == .word || tokens[i].kind == .name) ? tokens[i].bare : nil
        }
        if ["=", "!=", "<>"].contains(last.text) { return fieldAt(tokens.count - 2) }
        guard last.text == "(" || last.text == "," else { return nil }
        // Walk back over the list's values and commas to its `(`, which must follow `in`.
        var i = tokens.count - 1
        while i >= 0 && tokens[i].text != "(" {
            guard tokens[i].text == "," || tokens[i].kind != .symbol else { return nil }
            i -= 1
        }
        guard i >= 1, tokens[i - 1].kind == .word, tokens[i - 1].text.lowercased() == "in" else { return nil }
        var f = i - 2
        if f >= 0, tokens[f].text.lowercased() == "not" { f -= 1 }
        return fieldAt(f)
    }

    /// An enum's symbols (bare unless the user opened a quote) or a text column's values, quoted.
    func values(of column: Column, quote: Character?) -> [String] {
        let q = quote == "'" ? "'" : "\""
        let opened = quote == "\"" || quote == "'"
        if case .enumeration(let domain) = column.type {
            return domain.values.map { opened ? q + $0 + q : $0 }
        }
        guard case .text(_, let dictionary) = column.data else { return [] }
        var seen = Set<String>()
        return dictionary.values.filter { !$0.contains(q) && seen.insert($0).inserted }
            .sorted { $0.lowercased() < $1.lowercased() }
            .map { q + $0 + q }
    }

    static func isPlainName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || (f.isASCII && f.properties.isAlphabetic) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    // MARK: Dot commands

    func completeDot(_ line: String) -> Completion {
        let text = String(line.drop(while: { $0.isWhitespace }))
        let endsInSpace = text.last?.isWhitespace ?? false
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count > 1 || endsInSpace, let typed = words.first else {
            let names = DotCommands.all.map { "." + $0.name }
            return Completion(word: text, candidates: Completer.matching(names, text))
        }
        let word = endsInSpace ? "" : words.last!
        let argument = (endsInSpace ? words.count : words.count - 1) - 1
        guard let command = Completer.command(named: typed) else { return .none }
        let first = argument == 0
        var candidates: [String] = []
        switch command.argument {
        case .table where first: candidates = session.engine.catalog.tableNames
        case .mode where first: candidates = OutputFormat.allCases.map(\.rawValue)
        case .onOff where first: candidates = ["on", "off"]
        case .setting where first: candidates = Settings.names
        case .command where first: candidates = DotCommands.all.map(\.name) + LanguageHelp.topics.map(\.name)
        case .savedQuery where first: candidates = session.savedQueries.list().map(\.name)
        case .savedQuery where command.name == "run":
            // `.run NAME pri` → `priority=`: the saved query's parameters.
            candidates = session.savedQueries.find(words[1])?.parameters.map { $0.name + "=" } ?? []
        case .file where first: return Completion(word: word, candidates: Completer.paths(word), paths: true)
        default: return .none
        }
        return Completion(word: word, candidates: Completer.matching(candidates, word))
    }

    /// `.mo` or `.mode!` → `.mode`: the exact name, else an unambiguous prefix (as dispatch does).
    static func command(named typed: String) -> DotCommand? {
        var name = typed.lowercased()
        if name.hasPrefix(".") { name.removeFirst() }
        if name.hasSuffix("!") { name.removeLast() }
        if let exact = DotCommands.all.first(where: { $0.name == name }) { return exact }
        let prefixed = DotCommands.all.filter { $0.name.hasPrefix(name) }
        return prefixed.count == 1 && !name.isEmpty ? prefixed[0] : nil
    }

    /// Files and folders starting with `word` (`~/` is the home folder); folders end in `/`.
    static func paths(_ word: String) -> [String] {
        var typed = word
        var quote = ""
        if let f = typed.first, f == "\"" || f == "'" { quote = String(f); typed.removeFirst() }
        let slash = typed.lastIndex(of: "/")
        let dirTyped = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let dir = dirTyped.isEmpty ? "." : (dirTyped as NSString).expandingTildeInPath
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { ($0.hasPrefix(".") == prefix.hasPrefix(".")) && $0.lowercased().hasPrefix(prefix.lowercased()) }
            .sorted()
            .map { name in
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir)
                let q = quote.isEmpty && name.contains(" ") ? "\"" : quote   // a space would split the argument
                return q + dirTyped + name + (isDir.boolValue ? "/" : "")
            }
    }

    /// The candidates that start with `word`, ignoring case; a quoted candidate also matches
    /// the word typed without its opening quote (`Chi` → `"Children"`).
    static func matching(_ candidates: [String], _ word: String) -> [String] {
        let w = word.lowercased()
        var seen = Set<String>()
        return candidates.filter { c in
            let l = c.lowercased()
            let quoted = (c.hasPrefix("\"") || c.hasPrefix("'") || c.hasPrefix("`")) && !(w.first.map { "\"'`".contains($0) } ?? false)
            return (l.hasPrefix(w) || (quoted && l.dropFirst().hasPrefix(w))) && seen.insert(c).inserted
        }
    }
}
