import Foundation

/// The mapping file next to a CSV (`scorecard.csv.kpiql.toml`, or `scorecard.kpiql.toml`)
/// that says which column plays which role when the headings are not ones kpiql knows:
///
///     # scorecard.csv.kpiql.toml
///     format = "metrics"              # metrics, plain, fingertips or lginform
///     id = "Ref"
///     good = "Direction"              # a column, or "high" / "low" for every row
///     periods = ["Apr-Jun", "Jul-Sep"]
///
/// It is a subset of TOML (`key = "text"`, `key = ["a", "b"]`, `# comments`) read by hand
/// rather than with TOMLKit: the subset is a page of code, and a package would add build time
/// and a dependency for one file of a dozen lines. Errors point at the line with a caret.
struct Sidecar {
    struct Entry {
        var key: String
        var values: [String]
        var isArray: Bool
        var line: Int
        var keySpan: SourceSpan
        var valueSpan: SourceSpan
        /// One span per value (the elements of a list).
        var spans: [SourceSpan]
    }

    let path: String
    let source: SourceFile
    var entries: [Entry] = []

    var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The sidecar of a data file, if there is one.
    static func find(for dataPath: String) -> String? {
        var candidates = [dataPath + ".kpiql.toml"]
        if let dot = dataPath.lastIndex(of: "."), !dataPath[dot...].contains("/") {
            candidates.append(String(dataPath[..<dot]) + ".kpiql.toml")
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    static func load(_ path: String) throws(Diagnostic) -> Sidecar {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError.cannotRead(path, reason: "it is not readable UTF-8 text")
        }
        var sidecar = Sidecar(path: path, source: SourceFile(name: path, text: text))
        try sidecar.parse(Array(text.utf8))
        return sidecar
    }

    private mutating func parse(_ b: [UInt8]) throws(Diagnostic) {
        var i = 0, line = 1
        while i < b.count {
            skipSpaces(b, &i)
            if i >= b.count { break }
            if b[i] == 0x0A { i += 1; line += 1; continue }
            if b[i] == 0x0D || b[i] == 0x23 { skipLine(b, &i); continue }
            if b[i] == 0x5B {
                throw error(SourceSpan(i, i + 1), "tables ([section]) are not used in a kpiql mapping file",
                            hint: "write each role on its own line at the top level: id = \"Ref\"")
            }
            let keyStart = i
            while i < b.count, isKeyByte(b[i]) { i += 1 }
            guard i > keyStart else { throw error(SourceSpan(i, i + 1), "expected a role name such as id, name or periods") }
            let key = String(decoding: b[keyStart..<i], as: UTF8.self)
            skipSpaces(b, &i)
            guard i < b.count, b[i] == 0x3D else { throw error(SourceSpan(i, i + 1), "expected '=' after \(key)", hint: "write \(key) = \"Column heading\"") }
            i += 1
            skipSpaces(b, &i)
            let valueStart = i
            var values: [String] = []
            var spans: [SourceSpan] = []
            var isArray = false
            if i < b.count, b[i] == 0x5B {
                isArray = true
                i += 1
                while true {
                    skipBlank(b, &i, &line)
                    if i < b.count, b[i] == 0x5D { i += 1; break }
                    let at = i
                    values.append(try string(b, &i))
                    spans.append(SourceSpan(at, i))
                    skipBlank(b, &i, &line)
                    if i < b.count, b[i] == 0x2C { i += 1; continue }
                    guard i < b.count, b[i] == 0x5D else { throw error(SourceSpan(i, i + 1), "expected ',' or ']' in the list of \(key)") }
                    i += 1
                    break
                }
            } else {
                values = [try string(b, &i)]
                spans = [SourceSpan(valueStart, i)]
            }
            entries.append(Entry(key: key, values: values, isArray: isArray, line: line,
                                 keySpan: SourceSpan(keyStart, keyStart + key.utf8.count), valueSpan: SourceSpan(valueStart, i),
                                 spans: spans))
            skipSpaces(b, &i)
            guard i >= b.count || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x23 else {
                throw error(SourceSpan(i, i + 1), "unexpected text after the value of \(key)", hint: "one role per line; comments start with #")
            }
        }
    }

    /// A quoted string ("…" with \" and \\ escapes, or '…' taken literally); a bare word or
    /// number is taken as written, so `skip = 4` and `good = low` read naturally.
    private func string(_ b: [UInt8], _ i: inout Int) throws(Diagnostic) -> String {
        guard i < b.count, b[i] != 0x0A else { throw error(SourceSpan(i, i + 1), "expected a value in quotes: \"Column heading\"") }
        let quote = b[i]
        if quote != 0x22 && quote != 0x27 {
            let start = i
            while i < b.count, b[i] != 0x0A, b[i] != 0x0D, b[i] != 0x2C, b[i] != 0x5D, b[i] != 0x23 { i += 1 }
            return String(decoding: b[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < b.count, b[i] != quote {
            if b[i] == 0x0A { break }
            if quote == 0x22, b[i] == 0x5C, i + 1 < b.count { i += 1 }
            out.append(b[i])
            i += 1
        }
        guard i < b.count, b[i] == quote else {
            throw error(SourceSpan(start, i), "this text is never closed", hint: "end it with \(quote == 0x22 ? "\"" : "'") on the same line")
        }
        i += 1
        return String(decoding: out, as: UTF8.self)
    }

    func error(_ span: SourceSpan, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.data, code: "K420", message, span: span, source: source, hints: hint.map { [$0] } ?? [])
    }

    private func isKeyByte(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D }
    private func skipSpaces(_ b: [UInt8], _ i: inout Int) { while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 } }
    private func skipLine(_ b: [UInt8], _ i: inout Int) { while i < b.count, b[i] != 0x0A { i += 1 } }
    private func skipBlank(_ b: [UInt8], _ i: inout Int, _ line: inout Int) {
        while i < b.count {
            if b[i] == 0x0A { line += 1; i += 1 } else if b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D { i += 1 }
            else if b[i] == 0x23 { skipLine(b, &i) } else { break }
        }
    }
}
