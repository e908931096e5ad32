/// The engine's front door: query text in, result set or diagnostic out. Wires the stages
/// together (lexer → parser → binder → executor) and nothing else.
public final class Engine: @unchecked Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) { self.catalog = catalog }

    /// Parses `text` (a slice of `source` starting at byte `base`); spans point into `source`.
    public func parse(_ text: String, source: SourceFile, base: Int = 0) throws(Diagnostic) -> Query {
        do { return try Parser.parse(text, base: base) } catch { throw error.located(in: source) }
    }

    /// Binds a parsed query against the catalog.
    /// `defaultTable` is the table a query without `from` reads (the shell's `.use`).
    public func prepare(_ query: Query, source: SourceFile, defaultTable: String = "metrics",
                        parameters: [String: String] = [:]) throws(Diagnostic) -> BoundQuery {
        do {
            var binder = Binder(catalog: catalog, source: source, defaultTable: defaultTable, parameters: parameters)
            return try binder.bind(query)
        } catch {
            throw error.located(in: source)
        }
    }

    /// Parses and binds `text` (a slice of `source` starting at byte `base`).
    public func prepare(_ text: String, source: SourceFile, base: Int = 0, defaultTable: String = "metrics",
                        parameters: [String: String] = [:]) throws(Diagnostic) -> BoundQuery {
        try prepare(try parse(text, source: source, base: base), source: source, defaultTable: defaultTable, parameters: parameters)
    }

    /// Runs a parsed query (callers that also need the `Query`, such as reports, parse once).
    public func run(_ query: Query, source: SourceFile, defaultTable: String = "metrics", parameters: [String: String] = [:],
                    isCancelled: @escaping () -> Bool = { false }) throws(Diagnostic) -> ResultSet {
        let bound = try prepare(query, source: source, defaultTable: defaultTable, parameters: parameters)
        return try Executor(threads: catalog.threads, isCancelled: isCancelled).run(bound)
    }

    public func run(_ text: String, source: SourceFile? = nil, base: Int = 0, defaultTable: String = "metrics",
                    parameters: [String: String] = [:], isCancelled: @escaping () -> Bool = { false }) throws(Diagnostic) -> ResultSet {
        let src = source ?? SourceFile(name: "query", text: text)
        let bound = try prepare(text, source: src, base: base, defaultTable: defaultTable, parameters: parameters)
        return try Executor(threads: catalog.threads, isCancelled: isCancelled).run(bound)
    }
}
