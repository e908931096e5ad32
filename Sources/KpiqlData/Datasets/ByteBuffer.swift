import Foundation
import KpiqlEngine

/// Bytes at a stable address for the CSV reader: a file mapped into memory, or a copy of an
/// array. The reader works on `buffer` without copying or bounds-checked array access.
///
/// Mapping replaced `FileManager.contents` + `[UInt8](data)`: reading the 126 MB benchmark
/// file that way took ~60 ms and held two copies; mapping it costs only the page faults,
/// which the parsing threads take on their own halves.
final class ByteBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    private let mappedLength: Int

    init(_ bytes: [UInt8]) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { b in if let base = b.baseAddress { p.initialize(from: base, count: b.count) } }
        buffer = UnsafeBufferPointer(start: p, count: bytes.count)
        mappedLength = 0
    }

    private init(mapped: UnsafeRawPointer, count: Int) {
        buffer = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: count)
        mappedLength = count
    }

    deinit {
        if mappedLength > 0 {
            munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress!), mappedLength)
        } else {
            UnsafeMutablePointer(mutating: buffer.baseAddress!).deallocate()
        }
    }

    var count: Int { buffer.count }

    /// Lets the kernel drop the pages of a parsed stretch of a mapped file: they are read again
    /// from the page cache if anything looks back (a column that turns out to be text). Keeps
    /// the peak memory of a load near the size of the table rather than table + file.
    func release(_ range: Range<Int>) {
        guard mappedLength > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lo = (range.lowerBound + page - 1) / page * page, hi = range.upperBound / page * page
        guard hi > lo else { return }
        madvise(UnsafeMutableRawPointer(mutating: buffer.baseAddress! + lo), hi - lo, MADV_DONTNEED)
    }
    subscript(i: Int) -> UInt8 { buffer[i] }

    /// The file at `path`: mapped when it is a regular, non-empty file; read otherwise (pipes).
    static func file(_ path: String) -> ByteBuffer? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
            let size = Int(st.st_size)
            if let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
                madvise(p, size, MADV_SEQUENTIAL)
                return ByteBuffer(mapped: UnsafeRawPointer(p), count: size)
            }
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return ByteBuffer(out) }
            out += chunk[0..<n]
        }
    }
}
