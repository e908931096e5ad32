import Foundation

/// Where the REPL gets its lines. The real terminal uses libedit (`EditLineReader`); tests and
/// piped input use `ScriptedLineReader` and never touch a terminal.
public protocol LineReader: AnyObject {
    /// The next line without its newline; `.interrupted` for Ctrl-C; nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> LineInput?
    /// Records a whole statement in history (a multi-line query is one entry).
    func addHistory(_ statement: String)
}

public enum LineInput: Equatable {
    case line(String)
    case interrupted
}

/// Lines from a list (tests) or from a file handle (stdin that is not a terminal).
public final class ScriptedLineReader: LineReader {
    private var lines: [LineInput]
    public private(set) var history: [String] = []
    public private(set) var prompts: [String] = []

    public init(_ lines: [LineInput]) { self.lines = lines }
    public convenience init(text: String) {
        self.init(text.split(separator: "\n", omittingEmptySubsequences: false).map { .line(String($0)) })
    }

    public func readLine(prompt: String) -> LineInput? {
        prompts.append(prompt)
        return lines.isEmpty ? nil : lines.removeFirst()
    }

    public func addHistory(_ statement: String) { history.append(statement) }
}
