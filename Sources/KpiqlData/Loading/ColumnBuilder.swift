import Foundation
import KpiqlEngine

/// The type a loaded column is given.
public enum ColumnKind: String, Sendable {
    /// Every cell a number (in any council format), a placeholder or blank.
    case number
    /// Every cell a date (stored as `YYYY-MM-DD` text so it sorts), a placeholder or blank.
    case date
    /// Every cell a reporting period (`2023/24`, `Q1 2024/25`) or a year; kept as written.
    case period
    case text
}

/// Builds one column of a slice of a file from its cells' bytes, in one pass: numbers while
/// every cell reads as a council number (`1,234`, `£5`, `9.4%`, `(3.2)`) or a placeholder,
/// dictionary-encoded text from the first cell that does not. Text cells are classified
/// (placeholder, date, period, number, text) once per distinct value, by `ColumnFinisher`.
///
/// Hand-written on bytes because the numbers and text columns are nearly all of a load's
/// cost: a `String` per cell made the old user loader 14× slower than the benchmark's.
struct ColumnBuilder {
    enum Mode { case numbers, text }

    private(set) var mode = Mode.numbers
    private(set) var numbers: [Double] = []
    private(set) var codes: [Int32] = []
    private(set) var dictionary = ByteDictionary()
    /// What the numbers mode saw: counts for the load report and the column's type.
    private(set) var profile = ColumnProfile()
    /// Cells that are no plain number, each checked once: a council number is not cached
    /// (they are all different), a placeholder is (a few words, repeated).
    private var placeholders: [String: Bool] = [:]
    /// The previous text cell, where it lies in the file: runs of one value (a council's rows)
    /// are recognised by one `memcmp` instead of a hash lookup.
    private var lastStart = -1, lastLen = 0, lastCode: Int32 = -1

    init(capacity: Int) { numbers.reserveCapacity(capacity) }

    var rows: Int { mode == .numbers ? numbers.count : codes.count }

    /// Adds a cell. Returns false, adding nothing, when the cell is the column's first that is
    /// neither a number nor a placeholder: the caller then calls `beginText()` and adds every
    /// cell of the column again. `stable`: the bytes stay where they are (the file), so the
    /// run cache may point at them.
    @inline(__always)
    mutating func add(_ buf: UnsafeBufferPointer<UInt8>, _ span: CSVReader.Span, stable: Bool) -> Bool {
        if span.escaped {
            let bytes = CSVReader.unescape(UnsafeBufferPointer(rebasing: buf[span.start..<span.end]))
            return bytes.withUnsafeBufferPointer { b in add(b, 0, b.count, stable: false) }
        }
        return add(buf, span.start, span.end, stable: stable)
    }

    @inline(__always)
    private mutating func add(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, stable: Bool) -> Bool {
        var s = start, e = end
        while s < e && ColumnBuilder.isSpace(buf[s]) { s += 1 }
        while e > s && ColumnBuilder.isSpace(buf[e - 1]) { e -= 1 }
        if s < e && (buf[s] >= 0x80 || buf[e - 1] >= 0x80) {
            // Non-ASCII at an edge may be Unicode whitespace (a no-break space): trim as String does.
            let text = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
            let trimmed = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            return trimmed.withUnsafeBufferPointer { b in addTrimmed(b, 0, b.count, stable: false) }
        }
        return addTrimmed(buf, s, e, stable: stable)
    }

    @inline(__always)
    private mutating func addTrimmed(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, stable: Bool) -> Bool {
        let len = e - s
        guard mode == .numbers else { addText(buf, s, e, stable: stable); return true }
        if len == 0 {
            numbers.append(.nan)
            profile.missing.add("", row: numbers.count - 1)
            return true
        }
        let p = buf.baseAddress! + s
        if let v = PlainDecimal.parse(p, len) {
            numbers.append(v)
            profile.numbers += 1
            if len == 4 && v >= 1900 && v <= 2100 && v == v.rounded() { profile.yearNumbers += 1 }
            return true
        }
        return addOther(String(decoding: UnsafeBufferPointer(start: p, count: len), as: UTF8.self))
    }

    /// A cell that is not a plain decimal: a council number, a placeholder, or the end of
    /// the numbers mode.
    @inline(never)
    private mutating func addOther(_ cell: String) -> Bool {
        if let r = CouncilNumber.parse(cell), r.value.isFinite {
            numbers.append(r.value)
            profile.numbers += 1
            if r.bracketed { profile.bracketed += 1 }
            return true
        }
        let isPlaceholder: Bool
        if let known = placeholders[cell] { isPlaceholder = known } else {
            isPlaceholder = MissingValues.isPlaceholder(cell)
            if placeholders.count < 4096 { placeholders[cell] = isPlaceholder }
        }
        guard isPlaceholder else { return false }
        numbers.append(.nan)
        profile.missing.add(cell, row: numbers.count - 1)
        return true
    }

    @inline(__always)
    private mutating func addText(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, stable: Bool) {
        let len = e - s
        if len == 0 { codes.append(-1); return }
        let p = buf.baseAddress! + s
        if stable && len == lastLen && lastStart >= 0 && memcmp(buf.baseAddress! + lastStart, p, len) == 0 {
            codes.append(lastCode)
            return
        }
        let c = dictionary.code(p, len)
        codes.append(c)
        if stable { lastStart = s; lastLen = len; lastCode = c } else { lastStart = -1 }
    }

    /// Makes this a text column, empty: the caller adds every cell of the column again.
    mutating func beginText() {
        mode = .text
        codes.reserveCapacity(Swift.max(numbers.capacity, 1024))
        numbers = []
        profile = ColumnProfile()
        placeholders = [:]
    }

    /// Appends the cells of the next slice of the same column (both numbers, or both text).
    mutating func append(_ other: ColumnBuilder) {
        if mode == .numbers {
            profile.merge(other.profile, rowOffset: numbers.count)
            numbers.append(contentsOf: other.numbers)
            return
        }
        let d = other.dictionary
        let remap = (0..<d.count).map { i in
            d.value(i).withUnsafeBufferPointer { v in dictionary.code(v.baseAddress ?? ByteDictionary.empty, v.count) }
        }
        codes.append(contentsOf: other.codes.lazy.map { $0 < 0 ? -1 : remap[Int($0)] })
        lastStart = -1
    }

    /// The six bytes `CharacterSet.whitespacesAndNewlines` holds below 0x80.
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
}
