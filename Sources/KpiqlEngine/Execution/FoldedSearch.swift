import Foundation

/// `contains` on lower-cased text without making a `String` or walking `Character`s: when
/// both the text and the pattern are ASCII, a byte search finds exactly what `String.contains`
/// would (ASCII has no combining marks, and a pattern without CR or LF cannot split "\r\n").
/// Other text keeps `String.contains`, whose grapheme rules then matter.
enum FoldedSearch {
    static func contains(_ text: String, _ pattern: String) -> Bool {
        var t = text, p = pattern
        let plain: Bool? = t.withUTF8 { t in
            p.withUTF8 { p in
                guard isPlainASCII(t), isPlainASCII(p), !p.contains(0x0A), !p.contains(0x0D) else { return nil }
                if p.isEmpty { return true }
                return p.count <= t.count && find(t, p)
            }
        }
        return plain ?? text.contains(pattern)
    }

    /// Naive search anchored on the pattern's first byte (memchr), then memcmp: dictionary
    /// values are short (names average ~45 bytes).
    static func find(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = Int32(p[0]), last = t.count - p.count
        var i = 0
        while i <= last {
            guard let hit = memchr(t.baseAddress! + i, first, last - i + 1) else { return false }
            i = t.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(t.baseAddress! + i, p.baseAddress!, p.count) == 0 { return true }
            i += 1
        }
        return false
    }

    @inline(__always)
    static func isPlainASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for x in b { any |= x }
        return any < 0x80
    }
}
