import Foundation

/// Where a session writes: results to `out`, diagnostics and notes to `err`. Tests capture
/// both into strings; the real binary writes to stdout and stderr.
public final class Output: @unchecked Sendable {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Results and diagnostics are meant for a terminal (colour, widths).
    public var outIsTerminal: Bool
    public var errIsTerminal: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, outIsTerminal: Bool = false, errIsTerminal: Bool = false) {
        self.out = out
        self.err = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
    }

    /// Standard output and error of this process.
    public static func standard() -> Output {
        Output(out: { s in FileHandle.standardOutput.write(Data(s.utf8)) },
               err: { s in FileHandle.standardError.write(Data(s.utf8)) },
               outIsTerminal: isatty(1) == 1, errIsTerminal: isatty(2) == 1)
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
