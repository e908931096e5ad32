import KpiqlEngine
import KpiqlData

/// One dot command. The table of them (`DotCommands.all`) drives dispatch, `.help`,
/// completion and "did you mean"; there is no other list.
public struct DotCommand: Sendable {
    /// What the command's argument is, for Tab completion.
    public enum Argument: Sendable { case none, table, file, savedQuery, mode, onOff, setting, command, text }

    public let name: String
    public let usage: String
    public let help: String
    public let argument: Argument
    let run: @Sendable (Session, DotArguments) throws -> Void
}

/// The words after a dot command, each with its span in the source (for carets).
public struct DotArguments {
    public var words: [String]
    public var spans: [SourceSpan]
    /// The command's own span.
    public var commandSpan: SourceSpan
    public var source: SourceFile
    /// Everything after the command name, as typed (for `.save NAME description…`).
    public var rest: String
    /// `.save!`: the command was written with a trailing `!`.
    public var bang: Bool

    public var count: Int { words.count }
    public subscript(i: Int) -> String { words[i] }

    /// A usage diagnostic with a caret under argument `i` (or the command when there is none).
    public func error(_ message: String, at i: Int? = nil, hints: [String] = []) -> Diagnostic {
        let span = i.flatMap { $0 < spans.count ? spans[$0] : nil } ?? commandSpan
        return Diagnostic(.usage, code: "K701", message, span: span, source: source, hints: hints)
    }

    /// Splits `line` (which starts at byte `offset` of `source`) into words; quotes group words.
    static func parse(_ line: String, source: SourceFile, offset: Int) -> (name: String, args: DotArguments) {
        let bytes = Array(line.utf8)
        var lexer = Lexer(line)
        var words: [String] = [], spans: [SourceSpan] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            guard i < bytes.count else { break }
            let start = i
            var word: [UInt8] = []
            // Quotes group words anywhere in a word: "St Helens" and council="St Helens" alike.
            while i < bytes.count && bytes[i] != 0x20 && bytes[i] != 0x09 {
                if bytes[i] == 0x22 || bytes[i] == 0x27 {
                    // The query language's quote rule (a doubled quote is one quote), so a
                    // value means the same in `.param` as in a query.
                    lexer.seek(to: i)
                    let seg = lexer.nextSegment()!
                    word += Array(DotArguments.unquoted(bytes[seg.range], closed: seg.closed).utf8)
                    i = seg.range.upperBound
                } else {
                    word.append(bytes[i])
                    i += 1
                }
            }
            words.append(String(decoding: word, as: UTF8.self))
            spans.append(SourceSpan(offset + start, offset + min(i, bytes.count)))
        }
        var name = words.first ?? "."
        let nameSpan = spans.first ?? SourceSpan(offset, offset + 1)
        var bang = false
        if name.hasSuffix("!") { bang = true; name.removeLast() }
        var rest = ""
        if let s = spans.first {
            let after = s.end - offset
            rest = after < bytes.count ? String(decoding: bytes[after...], as: UTF8.self).trimmingCharacters(in: .whitespaces) : ""
        }
        let args = DotArguments(words: Array(words.dropFirst()), spans: Array(spans.dropFirst()), commandSpan: nameSpan,
                                source: source, rest: rest, bang: bang)
        return (String(name.dropFirst()), args)
    }

    /// The text of a quoted segment as the lexer reads it; one never closed runs to the end.
    static func unquoted(_ segment: ArraySlice<UInt8>, closed: Bool) -> String {
        let text = String(decoding: segment, as: UTF8.self)
        if let token = try? Lexer.tokenize(closed ? text : text + String(UnicodeScalar(segment.first!))).first,
           case .string(let value) = token.kind { return value }
        return String(decoding: segment.dropFirst().dropLast(closed ? 1 : 0), as: UTF8.self)
    }
}
