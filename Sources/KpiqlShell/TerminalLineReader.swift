import CEditLineShim
import Foundation

/// Chooses the line reader for an interactive session: libedit when standard input and
/// output are terminals, plain lines otherwise (or on a `dumb` terminal, such as an editor's
/// shell buffer, where libedit's redrawing would be noise).
public enum TerminalLineReader {
    public static func make(session: Session) -> LineReader {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        let terminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if isatty(STDIN_FILENO) == 1 {
            // Ctrl-C only sets a flag: the REPL never exits on it, and a running query polls
            // the flag between stages and stops with "query cancelled".
            kq_install_signal_handlers()
            session.isCancelled = { kq_interrupt_pending() != 0 }
        }
        guard terminal else { return PlainLineReader() }
        let history = History()
        if term != "dumb", !term.isEmpty, let reader = EditLineReader(session: session, history: history) { return reader }
        return PlainLineReader(history: history)
    }
}

/// Reads lines from standard input with a prompt on standard error, without line editing.
final class PlainLineReader: LineReader {
    private let history: History?

    init(history: History? = nil) { self.history = history }

    func readLine(prompt: String) -> LineInput? {
        kq_clear_interrupt()
        try? FileSink(fd: 2, name: "standard error", owned: false).write(prompt)   // a prompt lost has nowhere to be reported
        guard let line = Swift.readLine(strippingNewline: true) else { return nil }
        return .line(line)
    }

    /// Kept on disk even without editing, so a later session with a real terminal recalls it.
    func addHistory(_ statement: String) {
        guard let history, history.add(statement) else { return }
        history.save()
    }
}
