import Foundation
import KpiqlEngine
import KpiqlData

/// The interactive loop, SQLite-style: gather lines until the statement is complete, run it,
/// count errors, never exit on an error or on Ctrl-C; Ctrl-D on an empty line leaves.
public final class Repl {
    let session: Session
    let reader: LineReader

    public init(session: Session, reader: LineReader) {
        self.session = session
        self.reader = reader
    }

    public var prompt: String { "\(session.defaultTable)> " }
    public var continuation: String { String(repeating: " ", count: max(0, session.defaultTable.count - 3)) + "...> " }

    /// Runs until `.quit` or end of input; returns the exit status (0: leaving is not an error).
    public func run() -> Int32 {
        var buffer: [String] = []
        while !session.quitRequested {
            guard let input = reader.readLine(prompt: buffer.isEmpty ? prompt : continuation) else {
                // Ctrl-D: leave, dropping an unfinished statement as sqlite does.
                break
            }
            switch input {
            case .interrupted:
                if !buffer.isEmpty { session.note("^C (statement cleared)") }
                buffer.removeAll()
                continue
            case .line(let line):
                if buffer.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                buffer.append(line)
            }
            let text = buffer.joined(separator: "\n")
            guard StatementSplitter.isComplete(text) else { continue }
            buffer.removeAll()
            reader.addHistory(text)
            session.runScript(text, name: "query")
        }
        session.finish()
        return 0
    }
}
