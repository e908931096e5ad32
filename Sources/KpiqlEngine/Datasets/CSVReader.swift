/// Reads RFC 4180 CSV (or TSV) from bytes: quoted fields, doubled quotes, quoted newlines,
/// CRLF or LF line ends, and a UTF-8 byte-order mark.
///
/// Works on `[UInt8]` rather than `String` so a large file is not decoded twice; each record
/// remembers the line it started on for error messages.
public struct CSVReader {
    public struct Record: Sendable {
        public var fields: [String]
        public var line: Int
    }

    let bytes: [UInt8]
    let delimiter: UInt8
    let name: String
    var pos = 0
    var line = 1

    public init(bytes: [UInt8], delimiter: UInt8 = 0x2C, name: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.name = name
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
    }

    /// All records; the first malformed one throws with FILE:LINE:COL.
    public static func read(bytes: [UInt8], delimiter: UInt8 = 0x2C, name: String) throws(Diagnostic) -> [Record] {
        var reader = CSVReader(bytes: bytes, delimiter: delimiter, name: name)
        var out: [Record] = []
        while let r = try reader.next() { out.append(r) }
        return out
    }

    public mutating func next() throws(Diagnostic) -> Record? {
        guard pos < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var lineStart = pos
        while true {
            if pos >= bytes.count { fields.append(decode(field)); break }
            let b = bytes[pos]
            if b == 0x22 && field.isEmpty {
                // A quoted field runs to the next lone quote; newlines inside belong to it.
                let quoteLine = line, quoteCol = pos - lineStart + 1
                pos += 1
                var closed = false
                while pos < bytes.count {
                    let c = bytes[pos]
                    if c == 0x22 {
                        if pos + 1 < bytes.count && bytes[pos + 1] == 0x22 { field.append(0x22); pos += 2; continue }
                        pos += 1
                        closed = true
                        break
                    }
                    if c == 0x0A { line += 1; lineStart = pos + 1 }
                    field.append(c)
                    pos += 1
                }
                guard closed else {
                    throw CSVError.at(name, quoteLine, quoteCol, "a quoted field starting here is never closed",
                                      hint: "close it with \" (a quote inside a field is written twice: \"\")")
                }
                if pos < bytes.count && bytes[pos] != delimiter && bytes[pos] != 0x0A && bytes[pos] != 0x0D {
                    throw CSVError.at(name, line, pos - lineStart + 1, "unexpected text after a closing quote",
                                      hint: "a field that starts with a quote must end with one; double any quote inside it")
                }
                continue
            }
            if b == delimiter { fields.append(decode(field)); field.removeAll(keepingCapacity: true); pos += 1; continue }
            if b == 0x0A || b == 0x0D {
                fields.append(decode(field))
                pos += (b == 0x0D && pos + 1 < bytes.count && bytes[pos + 1] == 0x0A) ? 2 : 1
                line += 1
                break
            }
            if b == 0x22 {
                throw CSVError.at(name, line, pos - lineStart + 1, "a quote in the middle of an unquoted field",
                                  hint: "quote the whole field and double the quote inside it: \"say \"\"hi\"\"\"")
            }
            field.append(b)
            pos += 1
        }
        return Record(fields: fields, line: startLine)
    }

    private func decode(_ f: [UInt8]) -> String { String(decoding: f, as: UTF8.self) }
}

/// Diagnostics of data files (codes K4xx): they carry FILE:LINE:COL in the message position.
enum CSVError {
    static func at(_ file: String, _ line: Int, _ col: Int, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.data, code: "K401", "\(message)", source: SourceFile(name: "\(file):\(line):\(col)", text: ""),
                   hints: hint.map { [$0] } ?? [])
    }
}
