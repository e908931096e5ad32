import Foundation

/// Builds one column of a CSV file from its cells' bytes: numbers while every non-empty cell
/// reads as a finite number, dictionary-encoded text from the first cell that does not.
///
/// Cells are trimmed of whitespace and have doubled quotes undone first, exactly as
/// `CSVTable.strings` does with `String`s, so both paths give the same values.
struct CSVColumnBuilder {
    enum Mode { case numbers, text }

    private(set) var mode = Mode.numbers
    private(set) var numbers: [Double] = []
    /// Some cell is not empty (a column of empty cells is text, all missing).
    private(set) var anyValue = false
    private(set) var codes: [Int32] = []
    private(set) var dictionary = ByteDictionary()
    /// The previous text cell, where it lies in the file: runs of one value (a council's rows)
    /// are recognised by one `memcmp` instead of a hash lookup.
    private var lastStart = -1, lastLen = 0, lastCode: Int32 = -1

    init(capacity: Int) {
        numbers.reserveCapacity(capacity)
    }

    /// Adds a cell. Returns false, adding nothing, when the cell is the column's first that is
    /// not a number: the caller then calls `beginText()` and adds every cell again.
    /// `stable`: the buffer is the whole file, which outlives the builder (the run cache may
    /// point into it).
    @inline(__always)
    mutating func add(_ buf: UnsafeBufferPointer<UInt8>, _ span: CSVReader.Span, stable: Bool) -> Bool {
        if span.escaped {
            let bytes = CSVReader.unescape(UnsafeBufferPointer(rebasing: buf[span.start..<span.end]))
            return bytes.withUnsafeBufferPointer { b in add(b, 0, b.count, stable: false) }
        }
        return add(buf, span.start, span.end, stable: stable)
    }

    /// Adds a cell given as a string (records of small files and tests).
    mutating func add(_ cell: String) -> Bool {
        var cell = cell
        return cell.withUTF8 { b in add(b, CSVReader.Span(start: 0, end: b.count, escaped: false), stable: false) }
    }

    /// `stable`: the bytes stay where they are (in the file), so they can be the run cache.
    @inline(__always)
    private mutating func add(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, stable: Bool) -> Bool {
        var s = start, e = end
        while s < e && CSVColumnBuilder.isSpace(buf[s]) { s += 1 }
        while e > s && CSVColumnBuilder.isSpace(buf[e - 1]) { e -= 1 }
        if s < e && (buf[s] >= 0x80 || buf[e - 1] >= 0x80) {
            // Non-ASCII at an edge may be Unicode whitespace: trim as String does.
            let text = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
            let trimmed = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
            return trimmed.withUnsafeBufferPointer { b in addTrimmed(b, 0, b.count, stable: false) }
        }
        return addTrimmed(buf, s, e, stable: stable)
    }

    @inline(__always)
    private mutating func addTrimmed(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, stable: Bool) -> Bool {
        let len = e - s
        if mode == .numbers {
            if len == 0 { numbers.append(.nan); return true }
            let p = buf.baseAddress! + s
            if let v = CSVColumnBuilder.simpleNumber(p, len) {
                numbers.append(v)
                anyValue = true
                return true
            }
            return addOtherNumber(p, len)
        }
        addText(buf, s, e, stable: stable)
        return true
    }

    /// Whatever `Double(String)` reads that the fast path does not (`1.`, `+2`, `0x10`, `nan`,
    /// long mantissas); infinity makes the column text, as it always has.
    @inline(never)
    private mutating func addOtherNumber(_ p: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        guard let v = Double(String(decoding: UnsafeBufferPointer(start: p, count: len), as: UTF8.self)), !v.isInfinite else { return false }
        numbers.append(v)
        anyValue = true
        return true
    }

    @inline(__always)
    private mutating func addText(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, stable: Bool) {
        let len = e - s
        if len == 0 { codes.append(-1); return }
        anyValue = true
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
        anyValue = false
    }

    /// Appends the cells of a later slice of the same column (both numbers, or both text).
    mutating func append(_ other: CSVColumnBuilder) {
        anyValue = anyValue || other.anyValue
        if mode == .numbers {
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

    /// The finished column.
    func finish() -> CSVColumn {
        mode == .numbers ? .numbers(numbers, anyValue: anyValue) : .text(codes: codes, values: dictionary.strings())
    }

    /// The six bytes `CharacterSet.whitespacesAndNewlines` holds below 0x80.
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Plain decimals (`-12.75`, `3e2`) with at most 15 significant digits, exactly rounded:
    /// the mantissa and the power of ten are both exact doubles, so one division or
    /// multiplication rounds correctly (Clinger's fast path). Anything else returns nil and is
    /// read by `Double(String)`.
    @inline(__always)
    static func simpleNumber(_ p: UnsafePointer<UInt8>, _ len: Int) -> Double? {
        var i = 0
        let negative = p[0] == 0x2D
        if negative { i = 1 }
        // `digits` counts significant digits (from the first non-zero one); past 15 the mantissa
        // may wrap, but then the number goes to the slow path anyway.
        var mantissa: UInt64 = 0, digits = 0, exponent = 0, intDigits = 0
        while i < len, p[i] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
            if digits > 0 || p[i] != 0x30 { digits += 1 }
            intDigits += 1
            i += 1
        }
        guard intDigits > 0 else { return nil }
        if i < len && p[i] == 0x2E {
            i += 1
            var fracDigits = 0
            while i < len, p[i] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                if digits > 0 || p[i] != 0x30 { digits += 1 }
                exponent -= 1
                fracDigits += 1
                i += 1
            }
            guard fracDigits > 0 else { return nil }
        }
        if i < len && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            var sign = 1
            if i < len && (p[i] == 0x2D || p[i] == 0x2B) { sign = p[i] == 0x2D ? -1 : 1; i += 1 }
            var e = 0, expDigits = 0
            while i < len, p[i] &- 0x30 < 10, expDigits < 4 { e = e * 10 + Int(p[i] &- 0x30); expDigits += 1; i += 1 }
            guard expDigits > 0 else { return nil }
            exponent += sign * e
        }
        guard i == len, digits <= 15, exponent >= -22, exponent <= 22 else { return nil }
        let m = Double(mantissa)
        let v = exponent < 0 ? m / powers[-exponent] : m * powers[exponent]
        return negative ? -v : v
    }
}
