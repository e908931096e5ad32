import Foundation
import XCTest
import KpiqlData
import KpiqlShell
import KpiqlReport
import KpiqlSQL

/// Real file-system faults for the tests: a tiny tmpfs filled to the brim, a read-only bind
/// mount. Mounting needs root (CI runs the tests as root); where it is impossible the test is
/// skipped with the reason printed, never passed silently.
final class ScratchMount {
    let path: String

    /// A tmpfs of `kilobytes` at a new folder.
    static func tmpfs(kilobytes: Int) throws -> ScratchMount {
        let dir = try folder("tmpfs")
        try mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0777", "tmpfs", dir], cleanup: dir)
        return ScratchMount(path: dir)
    }

    /// `source` mounted read-only at a new folder (a bind mount, then a read-only remount).
    static func readOnly(bind source: String) throws -> ScratchMount {
        let dir = try folder("ro")
        try mount(["--bind", source, dir], cleanup: dir)
        let m = ScratchMount(path: dir)
        try mount(["-o", "remount,bind,ro", dir], cleanup: nil)
        return m
    }

    private init(path: String) { self.path = path }

    deinit {
        _ = try? ProcessRunner.run("/bin/umount", ["-l", path], timeout: 30)
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes zeros into `name` until the file system refuses (ENOSPC): the disk is then full.
    func fill(_ name: String = "filler") {
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        // The last page-sized hole may still take a few bytes: write single bytes until refused.
        var one: UInt8 = 0
        while write(fd, &one, 1) == 1 {}
    }

    private static func folder(_ kind: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-\(kind)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private static func mount(_ args: [String], cleanup: String?) throws {
        guard getuid() == 0 else {
            if let cleanup { try? FileManager.default.removeItem(atPath: cleanup) }
            throw skip("not running as root (uid \(getuid())), so no file system can be mounted")
        }
        let r = try ProcessRunner.run("/bin/mount", args, timeout: 30)
        guard r.status == 0 else {
            if let cleanup { try? FileManager.default.removeItem(atPath: cleanup) }
            throw skip("mount \(args.joined(separator: " ")) failed (status \(r.status)): \(r.err.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// The skip, printed as well so the log of `make test` shows why the fault was not injected.
    static func skip(_ reason: String) -> XCTSkip {
        print("SKIPPED fault injection: \(reason)")
        return XCTSkip(reason)
    }
}
