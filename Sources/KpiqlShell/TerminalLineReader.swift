import Foundation

/// Chooses the line reader for an interactive session.
public enum TerminalLineReader {
    public static func make(session: Session) -> LineReader {
        PlainLineReader()
    }
}

/// Reads lines from standard input with a prompt on standard error, without line editing.
final class PlainLineReader: LineReader {
    func readLine(prompt: String) -> LineInput? {
        FileHandle.standardError.write(Data(prompt.utf8))
        guard let line = Swift.readLine(strippingNewline: true) else { return nil }
        return .line(line)
    }
    func addHistory(_ statement: String) {}
}
