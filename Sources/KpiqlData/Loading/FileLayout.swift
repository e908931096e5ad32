import Foundation
import KpiqlEngine

/// What the first 64 KB of a file say about the rest: the delimiter, whether the first row
/// is a header, and the title lines some exports put above it (LG Inform writes the metric's
/// name and the download date there).
struct FileLayout: Sendable {
    var delimiter: UInt8
    /// The file line of the header row; for a file without one, of the first data row.
    var headerLine: Int
    var hasHeader: Bool
    /// Text of the title lines above the header, in order.
    var preamble: [String]

    static let sampleSize = 64 << 10
    static let candidates: [UInt8] = [0x2C, 0x09, 0x3B, 0x7C]   // , tab ; |

    var delimiterName: String {
        switch delimiter {
        case 0x09: return "tab-separated"
        case 0x3B: return "semicolon-separated"
        case 0x7C: return "pipe-separated"
        default: return "comma-separated"
        }
    }

    /// Reads the layout from the first 64 KB of the file's UTF-8 bytes.
    static func detect(_ source: SourceBytes) throws(Diagnostic) -> FileLayout {
        let path = source.path
        var sample = Array(source.buffer.buffer.prefix(sampleSize))
        // A sample cut inside a record would end in half a row: cut it after its last line.
        if source.buffer.count > sampleSize, let lastBreak = sample.lastIndex(of: 0x0A) { sample.removeSubrange((lastBreak + 1)...) }
        let delimiter = sniffDelimiter(sample, preferTab: path.lowercased().hasSuffix(".tsv") || path.lowercased().hasSuffix(".tab"))
        // Records of the sample; a malformed one ends the sample (the full read reports it).
        var reader = CSVReader(bytes: sample, delimiter: delimiter, name: path)
        var records: [CSVReader.Record] = []
        while records.count < 200, let r = try? reader.next() { records.append(r) }
        let content = records.filter { $0.fields.contains { !$0.trimmed.isEmpty } }
        guard let firstContent = content.first else { throw LoadError.empty(path) }
        // Title lines: one non-empty cell, in the first column, above a row with two or more.
        let wide = content.contains { $0.fields.filter { !$0.trimmed.isEmpty }.count >= 2 }
        var header = firstContent
        var preamble: [String] = []
        if wide {
            for r in content {
                let filled = r.fields.filter { !$0.trimmed.isEmpty }
                if filled.count == 1, !r.fields[0].trimmed.isEmpty { preamble.append(filled[0].trimmed); continue }
                header = r
                break
            }
        }
        return FileLayout(delimiter: delimiter, headerLine: header.line, hasHeader: looksLikeHeader(header.fields), preamble: preamble)
    }

    /// The candidate that splits the most lines into the same number of fields (outside
    /// quotes), so a semicolon file with decimal commas is read by its semicolons.
    static func sniffDelimiter(_ bytes: [UInt8], preferTab: Bool) -> UInt8 {
        var counts: [[Int]] = Array(repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false, lines = 0
        func endLine() {
            if current.contains(where: { $0 > 0 }) { for k in candidates.indices { counts[k].append(current[k]) } }
            current = Array(repeating: 0, count: candidates.count)
            lines += 1
        }
        for b in bytes where lines < 100 {
            if b == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A || b == 0x0D { endLine(); continue }
            if let k = candidates.firstIndex(of: b) { current[k] += 1 }
        }
        endLine()
        var best: (index: Int, score: Int, mode: Int)?
        let order = preferTab ? [1, 0, 2, 3] : [0, 1, 2, 3]
        for k in order {
            let nonzero = counts[k].filter { $0 > 0 }
            guard !nonzero.isEmpty else { continue }
            var freq: [Int: Int] = [:]
            for c in nonzero { freq[c, default: 0] += 1 }
            let (mode, score) = freq.max { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }!
            if best == nil || score > best!.score || (score == best!.score && mode > best!.mode) { best = (k, score, mode) }
        }
        return best.map { candidates[$0.index] } ?? (preferTab ? 0x09 : 0x2C)
    }

    /// A first row of numbers (other than years, which are common headings) is data, not a header.
    static func looksLikeHeader(_ fields: [String]) -> Bool {
        let cells = fields.map(\.trimmed).filter { !$0.isEmpty }
        guard !cells.isEmpty else { return true }
        var nonYearNumber = false
        for c in cells {
            if let n = CouncilNumber.parse(c) {
                if !(n.value == n.value.rounded() && (1900...2100).contains(n.value) && c.count == 4) { nonYearNumber = true }
            } else if PeriodFormat.isoDate(c) == nil {
                return true
            }
        }
        return !nonYearNumber
    }
}

extension String {
    /// Without spaces, tabs and line breaks at either end; cheap when there are none.
    var trimmed: String {
        guard let f = utf8.first, let l = utf8.last else { return self }
        if f > 0x20 && l > 0x20 && f != 0xC2 && l != 0xA0 { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
