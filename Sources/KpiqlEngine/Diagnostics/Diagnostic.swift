/// The one error type of kpiql: what went wrong, where, and what to do instead.
///
/// Every stage (lexer, parser, binder, loader, shell) reports through this type; it is turned
/// into text in exactly one place, `DiagnosticRenderer`.
public struct Diagnostic: Error, Sendable, Equatable {
    /// The class of a failure decides the process exit status in batch mode.
    public enum Kind: String, Sendable {
        case query      // the query text is wrong (syntax, unknown field, type error)
        case data       // a data file is missing or malformed
        case usage      // a command or flag is used wrongly
        case io         // a file cannot be read or written
        case internalError
    }

    public var kind: Kind
    /// A stable short code (`K101`), listed in README, so scripts and tests can match on it.
    public var code: String
    public var message: String
    /// Where, if the problem has a place in some source text.
    public var span: SourceSpan?
    public var source: SourceFile?
    public var hints: [String]
    /// The corrected statement, shown as the first hint ("did you mean: …").
    public var fix: Fix?

    public init(_ kind: Kind, code: String, _ message: String, span: SourceSpan? = nil,
                source: SourceFile? = nil, hints: [String] = [], fix: Fix? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.span = span
        self.source = source
        self.hints = hints
        self.fix = fix
    }

    /// The same diagnostic placed in a source text (stages below the shell do not know it).
    public func located(in source: SourceFile) -> Diagnostic {
        var copy = self
        if copy.source == nil { copy.source = source }
        return copy
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.code == b.code && a.message == b.message && a.span == b.span && a.hints == b.hints && a.fix == b.fix
    }
}

