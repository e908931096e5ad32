import Foundation

/// Reads a file in chunks of whole records, so a file larger than memory streams through a
/// fixed buffer instead of being held at once.
///
/// A chunk ends at a line break outside quotes (quote parity from the start of the chunk,
/// which is always the start of a record), so a quoted field with line breaks inside never
/// straddles two chunks. Lines are counted the way `CSVReader` counts them, so a record's
/// line in a chunk plus the chunk's first line is its line in the file.
struct ChunkedFile {
    struct Chunk {
        var bytes: [UInt8]
        /// The file line the chunk starts on.
        var firstLine: Int
        /// Bytes of the file consumed when this chunk was cut (for progress).
        var endOffset: Int64
    }

    let path: String
    let chunkSize: Int
    private let handle: FileHandle
    private var carry: [UInt8] = []
    private var atEOF = false
    private var nextLine = 1
    private var consumed: Int64 = 0

    init(path: String, chunkSize: Int = 8 << 20) throws(Diagnostic) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw LoadError.cannotRead(path, reason: "it cannot be opened") }
        self.path = path
        self.handle = h
        self.chunkSize = chunkSize
    }

    /// The first bytes of the file, without consuming them (for sniffing).
    mutating func peek(_ count: Int) -> ArraySlice<UInt8> {
        while carry.count < count && !atEOF { fill() }
        return carry.prefix(count)
    }

    /// The longest record kpiql reads: a field of a gigabyte is a broken or hostile file, and
    /// holding it would take the memory the columns need.
    static let maxRecordBytes = 64 << 20

    mutating func next() throws(Diagnostic) -> Chunk? {
        while true {
            if carry.isEmpty && atEOF { try? handle.close(); return nil }
            if carry.count > ChunkedFile.maxRecordBytes + chunkSize, boundary() == nil {
                try? handle.close()
                throw LoadError.file(path, "line \(nextLine) starts a record longer than \(ChunkedFile.maxRecordBytes >> 20) MB",
                                     hints: ["a quote that is never closed makes the rest of the file one field: check the quotes on that line"],
                                     code: "K430")
            }
            if let cut = boundary() {
                let bytes = Array(carry[..<cut])
                carry.removeFirst(cut)
                return emit(bytes)
            }
            if atEOF {
                let bytes = carry
                carry = []
                return emit(bytes)
            }
            fill()
        }
    }

    private mutating func emit(_ bytes: [UInt8]) -> Chunk {
        let chunk = Chunk(bytes: bytes, firstLine: nextLine, endOffset: consumed - Int64(carry.count))
        nextLine += ChunkedFile.lineBreaks(in: bytes)
        return chunk
    }

    private mutating func fill() {
        let data = handle.readData(ofLength: chunkSize)
        if data.isEmpty { atEOF = true; return }
        consumed += Int64(data.count)
        carry.append(contentsOf: data)
    }

    /// The end (exclusive) of the last whole record in `carry`, if the buffer holds enough:
    /// a chunk is cut once at least `chunkSize` bytes are buffered, or at the end of the file.
    private func boundary() -> Int? {
        guard carry.count >= chunkSize || atEOF else { return nil }
        guard !atEOF else { return nil }
        return carry.withUnsafeBufferPointer { buffer -> Int? in
            var inQuotes = false
            var last: Int?
            var i = 0
            let n = buffer.count
            while i < n {
                let b = buffer[i]
                if b == 0x22 { inQuotes.toggle() }
                else if !inQuotes && b == 0x0A { last = i + 1 }
                // A lone CR ends a line too (old Mac exports); a CR at the very end may be half of a CRLF.
                else if !inQuotes && b == 0x0D && i + 1 < n && buffer[i + 1] != 0x0A { last = i + 1 }
                i += 1
            }
            return last
        }
    }

    /// Line breaks as `CSVReader` counts them: CRLF, LF or CR outside quotes; LF inside.
    static func lineBreaks(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var count = 0, inQuotes = false, i = 0
            let n = buffer.count
            while i < n {
                let b = buffer[i]
                if b == 0x22 { inQuotes.toggle() }
                else if b == 0x0A { count += 1 }
                else if b == 0x0D && !inQuotes && (i + 1 >= n || buffer[i + 1] != 0x0A) { count += 1 }
                i += 1
            }
            return count
        }
    }
}
