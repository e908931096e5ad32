import Foundation
import KpiqlEngine

/// Checks made before a file is read: that it exists, that it is text and not a workbook or
/// UTF-16, and that its size leaves room in memory for the table it becomes.
enum FileGuard {
    /// The file's size in bytes; a missing file, a folder or an unreadable file is an error.
    static func size(of path: String) throws(Diagnostic) -> Int64 {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LoadError.cannotRead(path, reason: "no such file")
        }
        if isDir.boolValue { throw LoadError.cannotRead(path, reason: "it is a folder (kpiql --data DIR loads a folder)") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw LoadError.cannotRead(path, reason: "permission denied") }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Memory the kernel says can be used without swapping (`MemAvailable` in /proc/meminfo).
    static func availableMemory() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int64($0) }
            return digits.map { $0 * 1024 }
        }
        return nil
    }

    /// The share of available memory a file may take. The table a file becomes is about as
    /// large as the file itself (8 bytes per number, 4 per text cell, plus the distinct text),
    /// and reading streams the file in chunks, so the file's size is a fair estimate of the
    /// memory the load needs; the rest is left for queries, which copy selected columns.
    static let memoryShare = 0.7

    /// Refuses a file too large for memory, before a byte of it is read.
    static func checkSize(_ path: String, size: Int64, limitMB: Double?) throws(Diagnostic) {
        if let limitMB {
            let limit = Int64(limitMB * 1_048_576)
            if size > limit { throw LoadError.tooLarge(path, size: size, limit: limit, reason: "the limit set with .set max_load_mb") }
            return
        }
        if let available = availableMemory() {
            let limit = Int64(Double(available) * memoryShare)
            if size > limit {
                throw LoadError.tooLarge(path, size: size, limit: limit, reason: "70% of the memory now available")
            }
        }
    }

    /// Recognises files that are not CSV text from their first bytes.
    static func checkText(_ path: String, head: ArraySlice<UInt8>) throws(Diagnostic) {
        let b = Array(head.prefix(8))
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { throw LoadError.workbook(path, kind: "an Excel workbook (.xlsx) or another zip file") }
        if b.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw LoadError.workbook(path, kind: "an Excel 97-2003 workbook (.xls)") }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) { throw LoadError.utf16(path) }
        // UTF-16 without a byte-order mark shows as ASCII letters alternating with NUL bytes.
        if let nul = head.firstIndex(of: 0) {
            let offset = nul - head.startIndex
            if offset < 4 && head.count > 8 { throw LoadError.utf16(path) }
            var line = 1, lineStart = head.startIndex
            for i in head.startIndex..<nul where head[i] == 0x0A { line += 1; lineStart = i + 1 }
            throw LoadError.binary(path, line: line, column: nul - lineStart + 1)
        }
    }
}
