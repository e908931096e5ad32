/// The records of a file, in order, read through `CSVReader` one chunk at a time: the one CSV
/// reader parses every chunk, this type only feeds it decoded bytes and keeps line numbers
/// true to the file.
struct RecordStream {
    let path: String
    let delimiter: UInt8
    private var file: ChunkedFile
    private(set) var decoder: TextDecoder
    private var reader: CSVReader?
    private var bytes: [UInt8] = []
    private var firstLine = 1
    /// Called with the bytes read so far after each chunk.
    var progress: ((Int64) -> Void)?

    init(path: String, delimiter: UInt8, encoding: TextDecoder.Encoding? = nil, chunkSize: Int = 8 << 20) throws(Diagnostic) {
        self.path = path
        self.delimiter = delimiter
        self.file = try ChunkedFile(path: path, chunkSize: chunkSize)
        self.decoder = TextDecoder(path: path, encoding: encoding)
    }

    /// The next record with its line in the file, or nil at the end.
    mutating func next() throws(Diagnostic) -> CSVReader.Record? {
        while true {
            if reader != nil {
                do {
                    if var record = try reader!.next() {
                        record.line += firstLine - 1
                        return record
                    }
                } catch {
                    throw relocate(error)
                }
                reader = nil
            }
            guard let chunk = try file.next() else { return nil }
            bytes = try decoder.decode(chunk.bytes, firstLine: chunk.firstLine)
            firstLine = chunk.firstLine
            reader = CSVReader(bytes: bytes, delimiter: delimiter, name: path)
            progress?(chunk.endOffset)
        }
    }

    /// The text of a file line in the chunk being read (for error messages).
    func lineText(_ line: Int) -> String? {
        RecordStream.lineText(bytes, relativeLine: line - firstLine + 1)
    }

    /// The byte column where field `index` of `line` starts, or the end of the line.
    func column(ofField index: Int, line: Int) -> Int {
        guard let text = lineText(line) else { return 1 }
        var field = 0, inQuotes = false, col = 1
        for b in text.utf8 {
            if field == index { return col }
            if b == 0x22 { inQuotes.toggle() } else if b == delimiter && !inQuotes { field += 1 }
            col += 1
        }
        return col
    }

    /// `CSVReader` reports `FILE:LINE:COL` within the chunk it was given; this puts the line
    /// back in the file and shows it with a caret.
    private func relocate(_ d: Diagnostic) -> Diagnostic {
        guard let name = d.source?.name, name.hasPrefix(path + ":") else { return d }
        let parts = name.dropFirst(path.count + 1).split(separator: ":")
        guard parts.count == 2, let line = Int(parts[0]), let col = Int(parts[1]) else { return d }
        let absolute = line + firstLine - 1
        return LoadError.at(path, line: absolute, column: col, lineText: lineText(absolute), d.message, hints: d.hints, code: d.code)
    }

    /// The text of the `relativeLine`-th line of `bytes`, counted as `CSVReader` counts lines.
    static func lineText(_ bytes: [UInt8], relativeLine: Int) -> String? {
        guard relativeLine >= 1 else { return nil }
        var line = 1, start = 0, inQuotes = false, i = 0
        let n = bytes.count
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3; i = 3 }
        while i < n && line < relativeLine {
            let b = bytes[i]
            if b == 0x22 { inQuotes.toggle() }
            else if b == 0x0A { line += 1; start = i + 1 }
            else if b == 0x0D && !inQuotes && (i + 1 >= n || bytes[i + 1] != 0x0A) { line += 1; start = i + 1 }
            i += 1
        }
        guard line == relativeLine, start <= n else { return nil }
        var end = start
        while end < n && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
