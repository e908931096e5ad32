/// Turns a `Diagnostic` into the text users see, in the one format kpiql uses everywhere:
///
///     query:1:30: error: unknown status 'redd'
///       where priority = "Children" and status = redd
///                                                ^~~~
///       hint: did you mean 'red'? (status is green, amber or red)
///
/// Plain text by default; ANSI colour only when the caller says the output is a terminal.
public struct DiagnosticRenderer: Sendable {
    public var colour: Bool

    public init(colour: Bool = false) { self.colour = colour }

    public func render(_ d: Diagnostic) -> String {
        var out = ""
        // kpiql reports only errors: anything worth saying is worth stopping for.
        let label = colour ? paint("error:", "1;31") : "error:"
        if let source = d.source, let span = d.span {
            let (line, column) = source.location(of: span.start)
            out += "\(source.name):\(line):\(column): \(label) \(d.message)\n"
            var (lineText, lineStart) = source.lineText(containing: span.start)
            // A very long line (a 10 MB query) is shown as a window around the caret.
            let lineBytes0 = Array(lineText.utf8)
            if lineBytes0.count > 160 {
                var lo = max(0, span.start - lineStart - 60)
                while lo > 0 && lo < lineBytes0.count && lineBytes0[lo] & 0xC0 == 0x80 { lo -= 1 }
                var hi = min(lineBytes0.count, max(span.end - lineStart, lo) + 60)
                while hi < lineBytes0.count && lineBytes0[hi] & 0xC0 == 0x80 { hi += 1 }
                let prefix = lo > 0 ? "…" : ""
                lineText = prefix + String(decoding: lineBytes0[lo..<hi], as: UTF8.self) + (hi < lineBytes0.count ? "…" : "")
                lineStart = lineStart + lo - prefix.utf8.count
            }
            let display = lineText.replacingTabs()
            out += "  \(display)\n"
            let lineBytes = Array(lineText.utf8)
            let prefixBytes = lineBytes[0..<min(lineBytes.count, span.start - lineStart)]
            let pad = String(decoding: prefixBytes, as: UTF8.self).replacingTabs().displayWidth
            // The caret covers the whole token, but never runs past the end of the line.
            let endInLine = min(span.end, lineStart + lineBytes.count)
            let tokenBytes = lineBytes[min(lineBytes.count, span.start - lineStart)..<max(span.start - lineStart, endInLine - lineStart)]
            let width = max(1, String(decoding: tokenBytes, as: UTF8.self).displayWidth)
            let caret = "^" + String(repeating: "~", count: width - 1)
            out += "  " + String(repeating: " ", count: pad) + (colour ? paint(caret, "1;32") : caret) + "\n"
        } else if let source = d.source, !source.name.isEmpty {
            out += "\(source.name): \(label) \(d.message)\n"
        } else {
            out += "\(label) \(d.message)\n"
        }
        var hints = d.hints
        if let fix = d.fix, let source = d.source { hints.insert("did you mean: " + fix.corrected(in: source), at: 0) }
        for hint in hints {
            out += "  " + (colour ? paint("hint:", "1;36") : "hint:") + " \(hint)\n"
        }
        return out
    }

    private func paint(_ s: String, _ code: String) -> String { "\u{1B}[\(code)m\(s)\u{1B}[0m" }
}

extension String {
    func replacingTabs() -> String {
        contains("\t") ? split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ") : self
    }

    /// Terminal columns this text takes: East Asian wide characters count two, combining marks none.
    public var displayWidth: Int {
        var w = 0
        for scalar in unicodeScalars {
            let v = scalar.value
            if v < 0x20 { continue }
            if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) { continue }
            if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v) {
                w += 2
            } else {
                w += 1
            }
        }
        return w
    }
}
