import Foundation
import KpiqlEngine

/// The mapping file next to a CSV (`scorecard.csv.kpiql.toml`, or `scorecard.kpiql.toml`)
/// that says which column plays which role when the headings are not ones kpiql knows:
///
///     # scorecard.csv.kpiql.toml
///     format = "metrics"              # metrics, plain, fingertips or lginform
///     id = "Ref"
///     good = "Direction"              # a column, or "high" / "low" for every row
///     periods = ["Apr-Jun", "Jul-Sep"]
///
/// It is a strict subset of TOML (`key = "text"` with TOML's escapes, `key = 'literal'`,
/// `key = ["a", "b"]`, `# comments`): every file it accepts is TOML that means the same, and
/// anything outside the subset (a bare word, a `[table]`, an unknown escape) is an error with
/// a caret, never read some other way. Read by hand rather than with TOMLKit, which builds the
/// C++ toml++ library: minutes of CI build time for one file of a dozen lines.
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

    /// A TOML string: basic ("…", with TOML's escapes) or literal ('…', as written). TOML has
    /// no bare words, so `good = low` is refused with the quoted form to write instead.
    private func string(_ b: [UInt8], _ i: inout Int) throws(Diagnostic) -> String {
        guard i < b.count, b[i] != 0x0A, b[i] != 0x0D else { throw error(SourceSpan(i, i + 1), "expected a value in quotes: \"Column heading\"") }
        let quote = b[i]
        if quote != 0x22 && quote != 0x27 {
            let start = i
            while i < b.count, b[i] != 0x0A, b[i] != 0x0D, b[i] != 0x2C, b[i] != 0x5D, b[i] != 0x23 { i += 1 }
            let word = String(decoding: b[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            throw error(SourceSpan(start, start + max(1, word.utf8.count)), "text in a mapping file goes in quotes (it is TOML)",
                        hint: "write \"\(word)\"")
        }
        let start = i
        i += 1
        var out: [UInt8] = []
        while i < b.count, b[i] != quote, b[i] != 0x0A {
            if quote == 0x22, b[i] == 0x5C {
                let at = i
                i += 1
                guard i < b.count else { break }
                switch b[i] {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x22, 0x5C: out.append(b[i])
                case 0x75, 0x55:
                    let digits = b[i] == 0x75 ? 4 : 8
                    let hex = i + 1 + digits <= b.count ? String(decoding: b[(i + 1)...(i + digits)], as: UTF8.self) : ""
                    guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                        throw error(SourceSpan(at, min(b.count, i + 1 + digits)), "\\\(b[i] == 0x75 ? "u" : "U") needs \(digits) hexadecimal digits naming a character")
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += digits
                default:
                    throw error(SourceSpan(at, i + 1), "'\\\(Character(Unicode.Scalar(b[i])))' is not an escape TOML knows",
                                hint: "write \\\\ for a backslash, or use single quotes for text taken as written: 'C:\\data'")
                }
                i += 1
                continue
            }
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
