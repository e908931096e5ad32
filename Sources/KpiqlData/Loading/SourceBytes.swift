import Foundation
import KpiqlEngine

/// The first stage of a load: a file's bytes, mapped into memory, checked to be text, with
/// its encoding decided once. Everything after reads UTF-8 from `buffer`.
///
/// ASCII and UTF-8 files are used where they are mapped (the kernel pages them in as the
/// parsing threads reach them, and `release` lets them go behind); a Windows-1252 file is
/// transcoded to UTF-8 once, in memory.
struct SourceBytes {
    let path: String
    let buffer: ByteBuffer
    let encoding: TextDecoder.Encoding
    /// Not yet checked for bytes above 0x7F: the parser checks each stretch it has just read
    /// (in cache) and `LoadedFile` decides the encoding only if it saw one, which saves a
    /// pass over every page of an ASCII file (most files).
    var unchecked = false

    var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// Maps `path`, checks it is text, and leaves the encoding to be decided (see `unchecked`).
    static func map(path: String) throws(Diagnostic) -> SourceBytes {
        guard let raw = ByteBuffer.file(path) else { throw LoadError.cannotRead(path, reason: "it cannot be opened") }
        return try mapped(raw, path: path)
    }

    /// Bytes already in memory, named `path` in messages (tests; files that are pipes).
    static func mapped(_ raw: ByteBuffer, path: String) throws(Diagnostic) -> SourceBytes {
        guard raw.count > 0 else { throw LoadError.empty(path) }
        try FileGuard.checkText(path, head: ArraySlice(UnsafeBufferPointer(rebasing: raw.buffer.prefix(64))))
        return SourceBytes(path: path, buffer: raw, encoding: .utf8, unchecked: true)
    }

    /// The same bytes with their encoding decided: UTF-8 as they are, or Excel's Windows-1252
    /// transcoded; a NUL byte, a mixed file or an undefined byte is an error with its place.
    func decided(threads: Int = 1) throws(Diagnostic) -> SourceBytes {
        guard unchecked else { return self }
        let raw = buffer
        let (encoding, transcoded) = try TextDecoder(path: path).decide(raw.buffer, threads: threads, release: { raw.release($0) })
        return SourceBytes(path: path, buffer: transcoded.map { ByteBuffer($0) } ?? raw, encoding: encoding)
    }

    /// Where a line starts, the text of the line that holds byte `offset`, its line number
    /// (counted from `fromLine` at byte `from`, as `CSVReader` counts lines) and the column.
    func place(_ offset: Int, from: Int = 0, fromLine: Int = 1) -> (line: Int, column: Int, text: String) {
        let buf = buffer.buffer
        let end = min(offset, buf.count)
        let line = fromLine + SourceBytes.lineBreaks(UnsafeBufferPointer(rebasing: buf[min(from, end)..<end]))
        var start = end
        while start > 0 && buf[start - 1] != 0x0A && buf[start - 1] != 0x0D { start -= 1 }
        if start == 0 && buf.starts(with: [0xEF, 0xBB, 0xBF]) { start = min(3, end) }
        var stop = end
        while stop < buf.count && buf[stop] != 0x0A && buf[stop] != 0x0D { stop += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<stop]), as: UTF8.self)
        return (line, end - start + 1, text)
    }

    /// Line breaks as `CSVReader` counts them: CRLF, LF or CR outside quotes; LF inside. The
    /// bytes must start at the start of a record.
    static func lineBreaks(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
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
