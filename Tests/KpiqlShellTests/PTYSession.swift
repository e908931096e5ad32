import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
import KpiqlTestSupport
import KpiqlData
import KpiqlShell
import KpiqlReport
import KpiqlSQL
#endif

/// The real `kpiql` binary on a pseudo-terminal: type into it, wait for what it prints.
///
/// Started with posix_spawn rather than forkpty: forking a multi-threaded test process and
/// running Swift in the child is unsafe, while posix_spawn's child only runs libc. The child
/// gets a new session (POSIX_SPAWN_SETSID) and opens the terminal as its stdin, which makes
/// it the controlling terminal, so Ctrl-C typed into the master sends it SIGINT.
final class PTYSession {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let pid: pid_t
    private let master: Int32
    /// Everything the program wrote, escape sequences included.
    private(set) var transcript = Data()
    /// Expectations only look at output after the previous match.
    private var mark = 0
    private var exitStatus: Int32?

    /// The binary beside the test bundle (same build), else `<package root>/.build/debug/kpiql`.
    static func binary() -> String? {
        let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kpiql").path
        let root = Repo.root
        let fallback = root.appendingPathComponent(".build/debug/kpiql").path
        return [sibling, fallback].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(binary: String, home: String, arguments: [String] = []) throws {
        master = PTYSession.libc.openpt(O_RDWR | O_NOCTTY)
        var name = [CChar](repeating: 0, count: 128)
        guard master >= 0, PTYSession.libc.grantpt(master) == 0, PTYSession.libc.unlockpt(master) == 0,
              PTYSession.libc.ptsname_r(master, &name, name.count) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        let slave = String(cString: name)
        // Wide, so result tables and typed lines do not wrap.
        var size = winsize(ws_row: 50, ws_col: 250, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        _ = PTYSession.libc.addchdir(&actions, home)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTSTP, SIGWINCH, SIGPIPE, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attr, &noSignals)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(PTYSession.spawnSetsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var env = ["TERM=xterm", "NO_COLOR=1", "HOME=\(home)", "KPIQL_HOME=\(home)/kpiql", "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin"]
        // Under `make sanitize` the child is the sanitized build: it needs the same options.
        for key in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"] {
            if let v = ProcessInfo.processInfo.environment[key] { env.append("\(key)=\(v)") }
        }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, binary, &actions, &attr, argv, envp)
        guard rc == 0 else { close(master); throw Failure(description: "cannot start \(binary): error \(rc)") }
        pid = child
    }

    /// glibc's POSIX_SPAWN_SETSID, which Swift's Glibc module does not export (it needs _GNU_SOURCE).
    static let spawnSetsid: Int32 = 0x80

    /// libc functions Swift's Glibc module hides behind _XOPEN_SOURCE / _GNU_SOURCE, looked up by name.
    struct LibC {
        let openpt: @convention(c) (Int32) -> Int32
        let grantpt: @convention(c) (Int32) -> Int32
        let unlockpt: @convention(c) (Int32) -> Int32
        let ptsname_r: @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
        let addchdir: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    }

    static let libc: LibC = {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as: T.Type) -> T {
            guard let p = dlsym(handle, name) else { fatalError("libc has no \(name)") }
            return unsafeBitCast(p, to: T.self)
        }
        return LibC(openpt: symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self),
                    grantpt: symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self),
                    unlockpt: symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
                    ptsname_r: symbol("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self),
                    addchdir: symbol("posix_spawn_file_actions_addchdir_np",
                                     as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self))
    }()

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text`, once the program is reading keys. libedit prints the prompt before it
    /// puts the terminal in raw mode; keys typed in between would meet the kernel's line
    /// editing (Ctrl-D, Ctrl-R, Backspace are taken by it), so wait for canonical mode to end.
    func send(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(20)
        var mode = termios()
        while tcgetattr(master, &mode) == 0 && mode.c_lflag & tcflag_t(ICANON) != 0 {
            guard Date() < deadline, exitStatus == nil else {
                XCTFail("the terminal never left line mode\n--- transcript ---\n\(readable)", file: file, line: line)
                break
            }
            _ = pump(milliseconds: 2)
        }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Waits until `needle` appears in the output after the previous match; throws with the
    /// transcript after `timeout` seconds or when the program has stopped writing for good.
    func expect(_ needle: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let want = Data(needle.utf8)
        while true {
            if let r = transcript.range(of: want, in: mark..<transcript.count) {
                mark = r.upperBound
                return
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 || !pump(milliseconds: Int32(min(left, 0.2) * 1000)) && exitStatus != nil {
                let why = left <= 0 ? "timed out after \(Int(timeout)) s" : "the program exited"
                XCTFail("expected \(needle.debugDescription): \(why)\n--- transcript ---\n\(readable)", file: file, line: line)
                throw Failure(description: "expected \(needle.debugDescription)")
            }
        }
    }

    /// Waits for the program to exit (reading its output meanwhile); its exit status, or nil on timeout.
    func waitForExit(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil && Date() < deadline {
            _ = pump(milliseconds: 50)
            reap()
        }
        return exitStatus
    }

    /// Reads what is available within `milliseconds`; false when nothing more can come.
    private func pump(milliseconds: Int32) -> Bool {
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let r = poll(&p, 1, milliseconds)
        if r <= 0 { reap(); return exitStatus == nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(master, &buffer, buffer.count)
        if n > 0 { transcript.append(contentsOf: buffer[..<n]); return true }
        reap()   // EIO: every copy of the terminal is closed, the program is gone
        return exitStatus == nil && n < 0 && errno == EINTR
    }

    private func reap() {
        guard exitStatus == nil else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            // WIFEXITED / WEXITSTATUS, which Swift does not import; a signal shows as 128 + n.
            exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }
    }

    /// The transcript with escape sequences made visible, for failure messages.
    var readable: String {
        String(decoding: transcript, as: UTF8.self).unicodeScalars.map { s -> String in
            switch s {
            case "\n": return "\n"
            case "\r": return ""
            case "\u{1B}": return "␛"
            default: return s.value < 0x20 ? "^" + String(UnicodeScalar(s.value + 0x40)!) : String(s)
            }
        }.joined()
    }
}
