import Foundation

/// Where a session writes: results to `out`, diagnostics and notes to `err`. Tests capture
/// both into strings; the real binary writes to stdout and stderr.
public final class Output: @unchecked Sendable {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Results as bytes, when the stream takes them without a String (standard output).
    public var outBytes: (([UInt8]) -> Void)?
    /// Results and diagnostics are meant for a terminal (colour, widths).
    public var outIsTerminal: Bool
    public var errIsTerminal: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, outIsTerminal: Bool = false, errIsTerminal: Bool = false) {
        self.out = out
        self.err = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
    }

    /// The first failed write of results not yet reported (standard output full, closed…).
    /// Later results are dropped: the session reports this one and stops the run.
    private(set) var failure: IOFailure?
    private var outputFailed = false

    /// The failure to report, once.
    func takeFailure() -> IOFailure? {
        defer { failure = nil }
        return failure
    }

    /// Standard output and error of this process, written through the checked `FileSink`.
    /// A closed pipe on standard output ends the process quietly (`StandardStreams.endOnClosedPipe`);
    /// any other failure is kept for the session to report. A failed write to standard error
    /// has nowhere to be reported, so it is dropped (the exit status still tells).
    public static func standard() -> Output {
        let stdout = FileSink(fd: 1, name: "standard output", owned: false, closedAtStart: StandardStreams.outputClosedAtStart)
        let stderr = FileSink(fd: 2, name: "standard error", owned: false)
        let o = Output(out: { _ in }, err: { s in try? stderr.write(s) },
                       outIsTerminal: isatty(1) == 1, errIsTerminal: isatty(2) == 1)
        o.out = { [unowned o] s in
            var s = s
            s.withUTF8 { o.checked(stdout, UnsafeRawBufferPointer($0)) }
        }
        o.outBytes = { [unowned o] b in b.withUnsafeBytes { o.checked(stdout, $0) } }
        return o
    }

    /// Writes results to `sink` unless an earlier write failed, keeping the failure.
    private func checked(_ sink: FileSink, _ bytes: UnsafeRawBufferPointer) {
        guard !outputFailed else { return }
        do throws(IOFailure) { try sink.write(bytes) } catch {
            if error.errno == EPIPE { StandardStreams.endOnClosedPipe() }
            outputFailed = true
            failure = error
        }
    }

    /// Results as UTF-8 bytes (CSV and TSV, `ResultFormatter.bytes`): straight to standard
    /// output, or as a String through `out` when capturing.
    public func writeOut(_ bytes: [UInt8]) {
        if let outBytes { outBytes(bytes) } else { out(String(decoding: bytes, as: UTF8.self)) }
    }

    /// Both streams into one string, in order (golden tests read it).
    public static func capturing() -> (Output, () -> String) {
        let box = Box()
        let o = Output(out: { box.text += $0 }, err: { box.text += $0 })
        return (o, { box.text })
    }

    private final class Box { var text = "" }

    /// Whether colour is wanted on a stream: a terminal, and NO_COLOR not set.
    public static func colourAllowed(terminal: Bool) -> Bool {
        terminal && ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } != false
    }
}
