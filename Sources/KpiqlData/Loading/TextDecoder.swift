import KpiqlEngine

/// Decides a file's encoding once, over the whole file, and hands the CSV reader UTF-8.
///
/// Excel's plain "CSV" export is Windows-1252 (a £ is the single byte 0xA3), its "CSV UTF-8"
/// export and every other tool write UTF-8. Both agree on ASCII, so the first byte above 0x7F
/// decides: a valid UTF-8 sequence settles it as UTF-8, an invalid one as Windows-1252
/// (everything before was ASCII, so nothing read so far changes). A file with both is two
/// exports pasted together and is refused, as are the five bytes Windows-1252 leaves undefined
/// and NUL bytes (UTF-16 or binary data).
struct TextDecoder {
    enum Encoding: String, Sendable { case utf8 = "UTF-8", windows1252 = "Windows-1252" }

    let path: String

    /// The encoding, and the bytes as UTF-8 when they had to change (nil: use them as they are).
    /// `release` is told of stretches read: the pages of a mapped file can go until the
    /// parser reads them again (from the page cache), so this pass does not hold the file.
    func decide(_ chunk: UnsafeBufferPointer<UInt8>, threads: Int = 1, release: ((Range<Int>) -> Void)? = nil) throws(Diagnostic) -> (Encoding, [UInt8]?) {
        // Most files are all ASCII: one pass, eight bytes at a time, settles it; on a large
        // file each thread takes a slice.
        let parts = chunk.count > (4 << 20) ? max(1, threads) : 1
        let found = Parallel.map((0..<parts).map { ($0 * chunk.count / parts)..<(($0 + 1) * chunk.count / parts) }, threads: parts) { r -> Int? in
            var at = r.lowerBound
            while at < r.upperBound {
                let end = min(r.upperBound, at + (16 << 20))
                if let i = TextDecoder.firstNonASCII(UnsafeBufferPointer(rebasing: chunk[at..<end])) { return at + i }
                release?(at..<end)
                at = end
            }
            return nil
        }
        guard let start = found.compactMap({ $0 }).min() else { return (.utf8, nil) }
        var i = start
        var sawUTF8 = false, firstUTF8Line = 0
        let n = chunk.count
        while i < n {
            let b = chunk[i]
            if b == 0 {
                let (line, col, _) = place(chunk, i)
                throw LoadError.binary(path, line: line, column: col)
            }
            if b < 0x80 { i += 1; continue }
            let length = TextDecoder.sequenceLength(chunk, i)
            if length > 0 {
                if !sawUTF8 { sawUTF8 = true; firstUTF8Line = place(chunk, i).line }
                i += length
                continue
            }
            if sawUTF8 {
                let (line, col, text) = place(chunk, i)
                throw LoadError.mixedEncoding(path, line: line, column: col, lineText: text, byte: b, firstUTF8Line: firstUTF8Line)
            }
            return (.windows1252, try transcode(chunk))
        }
        return (.utf8, nil)
    }

    /// What a stretch of bytes (starting and ending between characters) holds.
    enum Stretch: Int, Comparable {
        case ascii, utf8, other
        static func < (a: Stretch, b: Stretch) -> Bool { a.rawValue < b.rawValue }
    }

    /// ASCII (no NUL), valid UTF-8, or something `decide` must look at (an invalid sequence,
    /// a NUL): the parser classifies each stretch it has read, so a UTF-8 file needs no
    /// second pass of its own.
    static func classify(_ b: UnsafeBufferPointer<UInt8>) -> Stretch {
        guard var i = firstNonASCII(b) else { return .ascii }
        while i < b.count {
            let c = b[i]
            if c == 0 { return .other }
            if c < 0x80 {
                guard let next = firstNonASCII(UnsafeBufferPointer(rebasing: b[i...])) else { return .utf8 }
                i += next
                continue
            }
            let length = sequenceLength(b, i)
            if length == 0 { return .other }
            i += length
        }
        return .utf8
    }

    /// The first byte that is not ASCII, or a NUL, if any.
    static func firstNonASCII(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var i = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if (w | ((w &- ones) & ~w)) & highs != 0 { break }
                i += 8
            }
        }
        while i < n { if b[i] >= 0x80 || b[i] == 0 { return i }; i += 1 }
        return nil
    }

    /// Length of the valid UTF-8 sequence starting at `i`, or 0 if it is not valid UTF-8.
    static func sequenceLength(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = s[i]
        let (length, lo, hi): (Int, UInt8, UInt8)
        switch b {
        case 0xC2...0xDF: (length, lo, hi) = (2, 0x80, 0xBF)
        case 0xE0: (length, lo, hi) = (3, 0xA0, 0xBF)
        case 0xED: (length, lo, hi) = (3, 0x80, 0x9F)
        case 0xE1...0xEF: (length, lo, hi) = (3, 0x80, 0xBF)
        case 0xF0: (length, lo, hi) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, lo, hi) = (4, 0x80, 0xBF)
        case 0xF4: (length, lo, hi) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard i + length <= s.count, s[i + 1] >= lo, s[i + 1] <= hi else { return 0 }
        for k in 2..<max(2, length) where s[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// Windows-1252 to UTF-8. Bytes 0xA0–0xFF are Latin-1; 0x80–0x9F hold the curly quotes,
    /// dashes and € that Excel writes, except five bytes the code page leaves undefined.
    private func transcode(_ chunk: UnsafeBufferPointer<UInt8>) throws(Diagnostic) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + chunk.count / 16)
        for (i, b) in chunk.enumerated() {
            if b < 0x80 {
                if b == 0 {
                    let (line, col, _) = place(chunk, i)
                    throw LoadError.binary(path, line: line, column: col)
                }
                out.append(b)
                continue
            }
            let scalar: UInt32
            if b >= 0xA0 { scalar = UInt32(b) } else {
                scalar = TextDecoder.high1252[Int(b - 0x80)]
                if scalar == 0 {
                    let (line, col, text) = place(chunk, i)
                    throw LoadError.undefinedWindows1252(path, line: line, column: col, lineText: text, byte: b)
                }
            }
            if scalar < 0x800 {
                out.append(UInt8(0xC0 | (scalar >> 6)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (scalar >> 12)))
                out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return out
    }

    /// Unicode scalars of Windows-1252 bytes 0x80–0x9F; 0 where the code page defines none.
    static let high1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Line, 1-based byte column and the text of the line holding byte `i` of a chunk.
    private func place(_ chunk: UnsafeBufferPointer<UInt8>, _ i: Int) -> (line: Int, column: Int, text: String) {
        var line = 1, start = 0
        for k in 0..<i where chunk[k] == 0x0A { line += 1; start = k + 1 }
        var end = i
        while end < chunk.count && chunk[end] != 0x0A && chunk[end] != 0x0D { end += 1 }
        // The bad byte shows as U+FFFD, one character, so the caret lands under it.
        return (line, i - start + 1, String(decoding: UnsafeBufferPointer(rebasing: chunk[start..<end]), as: UTF8.self))
    }
}
