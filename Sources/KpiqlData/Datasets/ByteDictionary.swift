import Foundation
import KpiqlEngine

/// The distinct byte strings of a CSV column, each given an `Int32` code in order of first
/// appearance: an open-addressing hash table over one arena of bytes. The loader's columns
/// and the server's text cells (`PGResultReader`) are both read through it.
///
/// Hand-written because text columns are most of the cost of a load: a `[String: Int32]`
/// needs a `String` per cell, which took most of the 15.7 s the 1M-row benchmark file used to
/// take to load; hashing the cell's bytes where they lie in the file costs a few nanoseconds.
package struct ByteDictionary {
    package private(set) var arena: [UInt8] = []
    /// Value `i` is `arena[starts[i] ..< starts[i + 1]]`.
    package private(set) var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Code + 1 of the value in each slot; 0 is empty.
    private var slots = [Int32](repeating: 0, count: 64)

    package init() {}

    package var count: Int { hashes.count }

    /// The code of `len` bytes at `p`, adding them if they are new.
    @inline(__always)
    package mutating func code(_ p: UnsafePointer<UInt8>, _ len: Int) -> Int32 {
        let h = ByteDictionary.hash(p, len)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h >> 7) & mask
        while true {
            let c = slots[s]
            if c == 0 { break }
            let k = Int(c) - 1
            if hashes[k] == h && equals(k, p, len) { return Int32(k) }
            s = (s + 1) & mask
        }
        let k = hashes.count
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: len))
        starts.append(arena.count)
        slots[s] = Int32(k + 1)
        if hashes.count * 2 > slots.count { grow() }
        return Int32(k)
    }

    /// The bytes of value `k`.
    package func value(_ k: Int) -> ArraySlice<UInt8> { arena[starts[k]..<starts[k + 1]] }

    /// Every value as a `String`, in code order.
    package func strings() -> [String] { (0..<count).map { String(decoding: value($0), as: UTF8.self) } }

    @inline(__always)
    private func equals(_ k: Int, _ p: UnsafePointer<UInt8>, _ len: Int) -> Bool {
        let a = starts[k], b = starts[k + 1]
        guard b - a == len else { return false }
        return arena.withUnsafeBufferPointer { buf in memcmp(buf.baseAddress! + a, p, len) == 0 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h >> 7) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(k + 1)
        }
    }

    /// A multiply-mix hash over eight bytes at a time (names average ~45 bytes).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(len)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= len {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < len { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    package static let empty: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()
}
