import Foundation
import KpiqlEngine

/// Reads RFC 4180 CSV (or TSV) from bytes: quoted fields, doubled quotes, quoted newlines,
/// CRLF or LF line ends, and a UTF-8 byte-order mark.
///
/// One scanner, `scanField`, finds the bytes of each field; `next()` builds `Record`s of
/// strings from it (`FileLayout`'s sample of a file's first lines), and the loader's
/// `HeaderBlock` and `RecordScan` feed the same spans straight into typed columns without
/// making a `String` per cell (the benchmark's 1M-row file took 15.7 s through records, see
/// BENCHMARKS.md).
public struct CSVReader {
    public struct Record: Sendable {
        public var fields: [String]
        public var line: Int
    }

    /// The bytes of one field: `[start, end)` of the buffer, without its quotes; `escaped`
    /// when doubled quotes inside must still be undone.
    struct Span {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    enum Terminator { case delimiter, record, end }

    /// What is wrong at a byte offset; `next()` turns it into FILE:LINE:COL.
    enum ScanError: Error {
        case tooManyColumns(at: Int)
        case fieldTooLong(at: Int)
        case unclosedQuote(at: Int)
        case textAfterQuote(at: Int)
        case quoteInField(at: Int)
    }

    let bytes: ByteBuffer
    let delimiter: UInt8
    let name: String
    var pos = 0
    var line = 1

    /// Excel's column limit; more is a wrong delimiter or a hostile file.
    public static let maxColumns = 16_384
    /// The longest field read; one longer is refused with its place.
    public static let maxFieldBytes = 16 << 20

    public init(bytes: [UInt8], delimiter: UInt8 = 0x2C, name: String) {
        self.init(buffer: ByteBuffer(bytes), delimiter: delimiter, name: name)
    }

    init(buffer: ByteBuffer, delimiter: UInt8 = 0x2C, name: String) {
        self.bytes = buffer
        self.delimiter = delimiter
        self.name = name
        // A UTF-8 byte-order mark is not text.
        if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { pos = 3 }
    }

    /// All records; the first malformed one throws with FILE:LINE:COL.
    public static func read(bytes: [UInt8], delimiter: UInt8 = 0x2C, name: String) throws(Diagnostic) -> [Record] {
        try read(buffer: ByteBuffer(bytes), delimiter: delimiter, name: name)
    }

    static func read(buffer: ByteBuffer, delimiter: UInt8 = 0x2C, name: String) throws(Diagnostic) -> [Record] {
        var reader = CSVReader(buffer: buffer, delimiter: delimiter, name: name)
        var out: [Record] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    public mutating func next() throws(Diagnostic) -> Record? {
        guard pos < bytes.count else { return nil }
        let recordStart = pos, startLine = line
        var fields: [String] = []
        let buf = bytes.buffer
        let scanned: Result<Int, ScanError> = {
            var p = pos
            do throws(ScanError) {
                while true {
                    let (span, end) = try CSVReader.scanField(buf, &p, delimiter)
                    // Bounds before decoding: a million columns or a gigabyte field is refused, not held.
                    if fields.count >= CSVReader.maxColumns { throw .tooManyColumns(at: span.start) }
                    if span.end - span.start > CSVReader.maxFieldBytes { throw .fieldTooLong(at: span.start) }
                    fields.append(CSVReader.decode(buf, span))
                    if end != .delimiter { return .success(p) }
                }
            } catch { return .failure(error) }
        }()
        switch scanned {
        case .success(let end):
            // Newlines inside quoted fields count as lines, as does the record's own end.
            for i in recordStart..<end where bytes[i] == 0x0A { line += 1 }
            if end > recordStart, bytes[end - 1] == 0x0D { line += 1 }
            pos = end
            return Record(fields: fields, line: startLine)
        case .failure(let e):
            throw diagnostic(e, recordStart: recordStart, recordLine: startLine)
        }
    }

    /// FILE:LINE:COL of a scan error; only newlines inside quoted fields can precede it in its record.
    private func diagnostic(_ e: ScanError, recordStart: Int, recordLine: Int) -> Diagnostic {
        let (at, message, hint) = CSVReader.explain(e)
        var line = recordLine, lineStart = recordStart
        for i in recordStart..<at where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        return CSVError.at(name, line, at - lineStart + 1, message, hint: hint)
    }

    /// Where a scan error is (a byte offset), what is wrong and what to do: the one wording,
    /// used by the record reader and the column loader alike.
    static func explain(_ e: ScanError) -> (at: Int, message: String, hint: String) {
        switch e {
        case .tooManyColumns(let at):
            return (at, "this record has more than \(maxColumns) columns",
                    "kpiql reads at most \(maxColumns) columns (Excel's limit); is the delimiter right?")
        case .fieldTooLong(let at):
            return (at, "a field here is longer than \(maxFieldBytes >> 20) MB",
                    "check for a quote that is never closed; kpiql reads fields of up to \(maxFieldBytes >> 20) MB")
        case .unclosedQuote(let at):
            return (at, "a quoted field starting here is never closed", "close it with \" (a quote inside a field is written twice: \"\")")
        case .textAfterQuote(let at):
            return (at, "unexpected text after a closing quote", "a field that starts with a quote must end with one; double any quote inside it")
        case .quoteInField(let at):
            return (at, "a quote in the middle of an unquoted field", "quote the whole field and double the quote inside it: \"say \"\"hi\"\"\"")
        }
    }

    /// Scans the field starting at `pos` and moves `pos` past its delimiter or line end.
    /// A quote opens a quoted field only as the field's first byte.
    @inline(__always)
    static func scanField(_ buf: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ delimiter: UInt8) throws(ScanError) -> (Span, Terminator) {
        let n = buf.count
        var i = pos
        var span: Span
        if i < n && buf[i] == 0x22 {
            let open = i
            i += 1
            let start = i
            var escaped = false
            while true {
                // memchr finds the next quote many bytes at a time (quoted names are long).
                guard i < n, let q = memchr(buf.baseAddress! + i, 0x22, n - i) else { throw .unclosedQuote(at: open) }
                i = buf.baseAddress!.distance(to: q.assumingMemoryBound(to: UInt8.self))
                if i + 1 < n && buf[i + 1] == 0x22 { escaped = true; i += 2; continue }
                break
            }
            span = Span(start: start, end: i, escaped: escaped)
            i += 1
            if i < n {
                let b = buf[i]
                if b != delimiter && b != 0x0A && b != 0x0D { throw .textAfterQuote(at: i) }
            }
        } else {
            let start = i
            i = CSVReader.fieldEnd(buf, i, delimiter)
            if i < n && buf[i] == 0x22 { throw .quoteInField(at: i) }
            span = Span(start: start, end: i, escaped: false)
        }
        guard i < n else { pos = i; return (span, .end) }
        if buf[i] == delimiter { pos = i + 1; return (span, .delimiter) }
        pos = i + ((buf[i] == 0x0D && i + 1 < n && buf[i + 1] == 0x0A) ? 2 : 1)
        return (span, .record)
    }

    /// The first delimiter, quote, CR or LF at or after `i` (or the end), eight bytes at a time:
    /// a byte equal to one of them shows as a zero byte of `word ^ pattern`, which the usual
    /// `(x - 0x01…) & ~x & 0x80…` test finds without a branch per byte.
    @inline(__always)
    static func fieldEnd(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ delimiter: UInt8) -> Int {
        let n = buf.count, base = UnsafeRawPointer(buf.baseAddress!)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let d = ones &* UInt64(delimiter), q = ones &* 0x22, lf = ones &* 0x0A, cr = ones &* 0x0D
        var i = start
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let a = w ^ d, b = w ^ q, c = w ^ lf, e = w ^ cr
            let hit = ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c | (e &- ones) & ~e) & highs
            if hit != 0 { return i + hit.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n {
            let b = buf[i]
            if b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D { return i }
            i += 1
        }
        return n
    }

    /// The field's text, with doubled quotes undone (not trimmed).
    static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ s: Span) -> String {
        let raw = UnsafeBufferPointer(rebasing: buf[s.start..<s.end])
        guard s.escaped else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: unescape(raw), as: UTF8.self)
    }

    /// `""` becomes `"`.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            i += (raw[i] == 0x22 && i + 1 < raw.count && raw[i + 1] == 0x22) ? 2 : 1
        }
        return out
    }
}

/// Diagnostics of data files (codes K4xx): they carry FILE:LINE:COL in the message position.
enum CSVError {
    static func at(_ file: String, _ line: Int, _ col: Int, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.data, code: "K401", "\(message)", source: SourceFile(name: "\(file):\(line):\(col)", text: ""),
                   hints: hint.map { [$0] } ?? [])
    }
}
