import Foundation
import KpiqlEngine
import KpiqlData

/// Checks `--param NAME=VALUE` against the parameters a batch run's scripts use, so a
/// misspelt name is a usage error (exit 2) naming the near miss, as `.run NAME prio=…` is,
/// instead of a run that silently uses the default.
public enum BatchParameters {
    /// `scripts` are the texts of `-c` and `-f` (and standard input). A name is known when a
    /// script declares it (`-- param:`), uses it (`$name`), or runs or reports a saved query
    /// that does. `.read` and `.param` can bring parameters we cannot see ahead, so a script
    /// holding either is not checked.
    public static func check(_ names: [String], scripts: [String], savedQueries: SavedQueryStore) throws(Diagnostic) {
        guard !names.isEmpty else { return }
        var known: [String] = []
        func add(_ text: String) {
            let q = SavedQuery.parse(text, name: "", path: "", location: .user)
            for n in q.parameters.map(\.name) + Lexer.parameterNames(in: text) where !known.contains(n) { known.append(n) }
        }
        for text in scripts {
            add(text)
            for st in StatementSplitter.split(text) where st.kind == .dot {
                let words = st.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let command = words.first?.lowercased() else { continue }
                if command == ".read" || command == ".param" { return }
                // `.run NAME …` and `.report FILE NAME …` read saved query NAME.
                let nameAt = command == ".run" ? 1 : (command == ".report" ? 2 : nil)
                if let i = nameAt, i < words.count, let q = savedQueries.find(words[i]) { add(q.body) }
            }
        }
        for name in names where !known.contains(name) {
            var hints: [String] = []
            if let near = Suggest.closest(to: name, in: known) { hints.append("did you mean --param \(near)=…?") }
            hints.append(known.isEmpty ? "the queries of this run take no parameters"
                                       : "the parameters of this run: " + known.joined(separator: ", "))
            throw Diagnostic(.usage, code: "K805", "--param \(name): no query in this run has a parameter '\(name)'", hints: hints)
        }
    }
}
