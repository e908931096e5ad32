import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlShell

extension FuzzEntry {
    /// The statement scanner and the REPL's line handling: split a script, check every
    /// statement is the slice of the script it claims to be (in order, not overlapping), render
    /// a caret under each, then feed the text line by line as the REPL does (gather until
    /// `isComplete`, then split what was gathered).
    public static func scanner(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        let bytes = Array(text.utf8)
        let source = SourceFile(name: "fuzz", text: text)
        var end = 0
        for st in StatementSplitter.split(text) {
            let own = Array(st.text.utf8)
            precondition(st.offset >= end && st.offset + own.count <= bytes.count, "statement outside the script or overlapping")
            // A dot command may drop its trailing ';' or '\r'; otherwise the text is the slice itself.
            precondition(Array(bytes[st.offset..<(st.offset + own.count)]) == own, "statement text is not its slice of the script")
            end = st.offset + own.count
            let d = Diagnostic(.query, code: "K000", "fuzz", span: SourceSpan(st.offset, end), source: source, hints: [st.text])
            _ = DiagnosticRenderer().render(d)
            _ = DiagnosticRenderer(colour: true).render(d)
        }
        var buffer: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if buffer.isEmpty && line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            buffer.append(line)
            let gathered = buffer.joined(separator: "\n")
            guard StatementSplitter.isComplete(gathered) else { continue }
            buffer.removeAll()
            for st in StatementSplitter.split(gathered) where st.kind == .query { _ = try? Parser.parse(st.text, base: st.offset) }
        }
    }
}
