import Foundation
import KpiqlEngine
import KpiqlData

/// Escapes text for HTML. Every string that comes from data, a query or a file name goes
/// through here on its way into a report; the report never writes data as markup.
public enum HTMLEscape {
    /// Text for element content and for quoted attribute values: `& < > " '` become entities,
    /// and control characters other than tab and newline are dropped (HTML forbids them, and
    /// a NUL could make a browser and a checker read the page differently).
    public static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The paragraphs of a text that may hold `<p>`…`</p>` markup (St Helens' commentary does):
    /// split at `<p>`, `</p>` and blank lines, trimmed, empty ones dropped. The result is plain
    /// text; any other markup in it stays as characters to be escaped, never as tags.
    public static func paragraphs(_ s: String) -> [String] {
        let normalised = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var parts: [String] = []
        var current = ""
        var rest = Substring(normalised)
        while !rest.isEmpty {
            if let tagEnd = paragraphTag(at: rest) {
                parts.append(current)
                current = ""
                rest = rest[tagEnd...]
            } else if rest.hasPrefix("\n"), let blank = blankLine(at: rest) {
                parts.append(current)
                current = ""
                rest = rest[blank...]
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// `<p>` elements for a text's paragraphs, each escaped; a single newline inside a
    /// paragraph becomes `<br>`.
    public static func paragraphsHTML(_ s: String, className: String? = nil) -> String {
        let cls = className.map { " class=\"\(text($0))\"" } ?? ""
        return paragraphs(s).map { p in
            "<p\(cls)>" + p.split(separator: "\n", omittingEmptySubsequences: false)
                .map { text(String($0).trimmingCharacters(in: .whitespaces)) }.joined(separator: "<br>") + "</p>"
        }.joined(separator: "\n")
    }

    /// If `s` starts with `<p>`, `</p>`, `<p >` or `<P>`, the index just after the tag.
    private static func paragraphTag(at s: Substring) -> Substring.Index? {
        guard s.first == "<" else { return nil }
        var i = s.index(after: s.startIndex)
        if i < s.endIndex, s[i] == "/" { i = s.index(after: i) }
        guard i < s.endIndex, s[i] == "p" || s[i] == "P" else { return nil }
        i = s.index(after: i)
        while i < s.endIndex, s[i] == " " { i = s.index(after: i) }
        guard i < s.endIndex, s[i] == ">" else { return nil }
        return s.index(after: i)
    }

    /// If `s` starts with a newline followed by an empty (or blank) line, the index after it.
    private static func blankLine(at s: Substring) -> Substring.Index? {
        var i = s.index(after: s.startIndex)
        while i < s.endIndex, s[i] == " " || s[i] == "\t" { i = s.index(after: i) }
        guard i < s.endIndex, s[i] == "\n" else { return nil }
        return s.index(after: i)
    }
}
