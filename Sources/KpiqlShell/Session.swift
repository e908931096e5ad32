import Foundation
import CEditLineShim
import KpiqlEngine
import KpiqlData
import KpiqlReport
import KpiqlServer

/// One user's conversation with kpiql: the REPL, `-c`, `-f` and stdin all run statements
/// through a session, so batch mode and the REPL behave the same way.
public final class Session {
    /// The session's tables (derived fields kept current) and the engine over them.
    public let workspace: Workspace
    public var engine: Engine { workspace.engine }
    /// The table a query without `from` reads (`.use` changes it; the prompt shows it).
    public var defaultTable = "metrics"
    public let output: Output
    public var format = FormatOptions()
    public var timer = false
    /// Stop at the first error (`--bail`).
    public var bail = false
    /// The largest file `.load` reads, in MB (`.set max_load_mb`); nil: 70% of available memory.
    public var maxLoadMB: Double?
    /// Values for `$name` in queries (`--param`, `.run NAME k=v`).
    public var parameters: [String: String] = [:]
    public private(set) var errorCount = 0
    public private(set) var firstError: Diagnostic.Kind?
    public var lastResult: ResultSet?
    public var lastQuery: String?
    /// The most recent query statement failed (its text, as typed): `.save` and `.report`
    /// then refuse rather than act on the query before it.
    public var failedQuery: String?
    /// The last `.diff`, when it was the last thing run: `.report FILE.html` then reports it.
    var lastDiff: DiffCommand.Options?
    public var quitRequested = false
    /// `--engine URL` / `.engine URL`: queries run on this PostgreSQL server instead of in memory.
    public var server: ServerEngine?
    /// Polled by the engine between stages (set by Ctrl-C in the REPL).
    public var isCancelled: () -> Bool = { false }
    public let savedQueries: SavedQueryStore
    /// `--format html`: query results are gathered here as report sections instead of being
    /// printed, and `ReportCommand.finishBatch` writes one report at the end of the run.
    public var reportSections: [ReportSection]?
    var redirect: Redirect?
    var readDepth = 0
    /// Fit tables to the terminal (`.set width auto`, the default); off with a fixed width or `none`.
    public var autoWidth = true

    /// The width of the terminal on standard output, or nil when it is not one. The one place
    /// kpiql asks (through the C shim, which libedit needs anyway); read at each use, since the
    /// window may have been resized.
    static func terminalWidth() -> Int? {
        let width = Int(kq_terminal_width(STDOUT_FILENO))
        return width > 0 ? width : nil
    }
    /// `.read` inside `.read` is capped so a file that reads itself stops with an error.
    static let maxReadDepth = 16

    /// A failed write of this statement (a `.output` file full, say), reported when it ends.
    var writeFailure: Diagnostic?

    public init(workspace: Workspace, output: Output, savedQueries: SavedQueryStore = SavedQueryStore()) {
        self.workspace = workspace
        self.output = output
        self.savedQueries = savedQueries
        format.colour = Output.colourAllowed(terminal: output.outIsTerminal)
    }

    /// Runs every statement of a script; false if any failed. With `bail`, stops at the first.
    @discardableResult
    public func runScript(_ text: String, name: String) -> Bool {
        let source = SourceFile(name: name, text: text)
        var ok = true
        for st in StatementSplitter.split(text) {
            // Ctrl-C stops the whole script, not just the statement that was running.
            if isCancelled() { report(Diagnostic(.query, code: "K501", "cancelled: the rest of \(name) was not run")); return false }
            if !execute(st, source: source) {
                ok = false
                if bail { break }
            }
            if quitRequested { break }
        }
        return ok
    }

    /// Runs one statement; false if it failed (the diagnostic has been written).
    @discardableResult
    public func execute(_ st: Statement, source: SourceFile) -> Bool {
        do {
            switch st.kind {
            case .dot: try DotCommands.run(st.text, session: self, source: source, offset: st.offset)
            case .query: try runQuery(st.text, source: source, base: st.offset)
            }
            return reportWriteFailure(at: st, in: source)
        } catch {
            // A file that cannot be written (.output, .once) is placed at its statement too.
            var d = error
            if d.span == nil && ["K601", "K606", "K609"].contains(d.code) {
                d.span = SourceSpan(st.offset, st.offset + st.text.utf8.count)
                d.source = source
            }
            report(d)
            _ = reportWriteFailure(at: st, in: source)
            return false
        }
    }

    /// Reports a write that failed during the statement; false if there was one. When
    /// standard output itself failed, nothing more can be written: the run stops.
    func reportWriteFailure(at st: Statement? = nil, in source: SourceFile? = nil) -> Bool {
        // Placed at the statement whose output was lost, so a script says which one.
        func placed(_ d: Diagnostic) -> Diagnostic {
            guard let st, let source, d.span == nil else { return d }
            var d = d
            d.span = SourceSpan(st.offset, st.offset + st.text.utf8.count)
            d.source = source
            return d
        }
        var failed = false
        if let d = writeFailure { report(placed(d)); writeFailure = nil; failed = true }
        if let f = output.takeFailure() {
            report(placed(f.diagnostic(then: "kpiql stopped: the statements after this one were not run")))
            quitRequested = true
            failed = true
        }
        return !failed
    }

    func runQuery(_ text: String, source: SourceFile, base: Int) throws(Diagnostic) {
        let start = DispatchTime.now()
        failedQuery = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let query = try engine.parse(text, source: source, base: base)
        let result: ResultSet
        if let server {
            result = try server.run(text, engine: engine, source: source, base: base, defaultTable: defaultTable, parameters: parameters)
        } else {
            result = try engine.run(query, source: source, defaultTable: defaultTable, parameters: parameters, isCancelled: isCancelled)
        }
        failedQuery = nil
        lastResult = result
        lastQuery = text.trimmingCharacters(in: .whitespacesAndNewlines)
        lastDiff = nil
        for n in result.notes { note(n) }
        if reportSections != nil {
            reportSections!.append(ReportSection(query: text, parsed: query, source: source, parameters: parameters, result: result,
                                                 catalog: engine.catalog, defaultTable: defaultTable))
        } else {
            emit(result)
        }
        if timer {
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            output.err("Run Time: \(NumberFormat.display(ms, decimals: 1)) ms\n")
        }
    }

    /// Writes a result where results go now (the terminal, `.output FILE` or `.once FILE`).
    public func emit(_ result: ResultSet, untruncated: Bool = false) {
        var options = format
        // On a terminal, tables fit its current width (read each time: the window may have been resized).
        if autoWidth && output.outIsTerminal && options.maxWidth == nil { options.maxWidth = Session.terminalWidth() }
        if let r = redirect {
            options.colour = false
            options.maxWidth = nil
            if let f = r.format { options.format = f }
        }
        if untruncated { options.maxWidth = nil }
        // For people: periods a trend compares, the council's trend, a variance's target (not in csv…).
        let annotated = [.table, .markdown, .line].contains(options.format)
            ? Judgement.annotate(result, catalog: engine.catalog, decimals: options.decimals) : result
        // CSV and TSV go out as bytes: a String of them was 6% of a 40 000-row run (BENCHMARKS.md).
        if redirect == nil, reportSections == nil, let bytes = ResultFormatter.bytes(annotated, options) { return output.writeOut(bytes) }
        write(ResultFormatter.render(annotated, options))
    }

    public func write(_ text: String) {
        // While an HTML report is being gathered, standard output is the report alone:
        // listings from dot commands (.tables, .help) go to standard error instead.
        if reportSections != nil && redirect == nil { output.err(text); return }
        guard let r = redirect else { output.out(text); return }
        if r.once {
            redirect = nil
            do throws(AtomicFailure) { try AtomicFile.writeChecked(text, to: r.path, overwrite: true) } catch {
                guard case .io(let f) = error else { writeFailure = error.diagnostic(code: "K601"); return }
                writeFailure = IOFailure(name: r.path, errno: f.errno).diagnostic(code: "K601")
            }
        } else if let sink = r.sink {
            do throws(IOFailure) { try sink.write(text) } catch {
                // The file is closed and results go to the screen again: better seen than lost.
                try? sink.close()
                redirect = nil
                writeFailure = error.diagnostic(code: "K601", then: "results go to the screen again; .output FILE chooses another file")
            }
        }
    }

    public func report(_ d: Diagnostic) {
        errorCount += 1
        if firstError == nil { firstError = d.kind }
        output.err(DiagnosticRenderer(colour: Output.colourAllowed(terminal: output.errIsTerminal)).render(d))
    }

    public func note(_ text: String) { output.err(text.hasSuffix("\n") ? text : text + "\n") }

    func setRedirect(path: String?, once: Bool) throws(Diagnostic) {
        if let r = redirect {
            redirect = nil
            // A close that fails (a full disk seen only now) is reported with this statement.
            do throws(IOFailure) { try r.sink?.close() } catch { writeFailure = error.diagnostic(code: "K601") }
        }
        guard let path else { return }
        // A file named out.csv gets CSV whatever the mode: box-drawing in a .csv is never wanted.
        let named = Session.format(forExtension: path)
        if once {
            // Nothing is created until the result comes, but a folder that cannot take it is said now.
            do throws(IOFailure) { try AtomicFile.probe(path) } catch { throw error.diagnostic(code: "K601") }
            redirect = Redirect(path: path, sink: nil, once: true, format: named)
        } else {
            do throws(IOFailure) { redirect = Redirect(path: path, sink: try FileSink.open(path), once: false, format: named) } catch {
                throw error.diagnostic(code: "K601")
            }
        }
        if let named, named != format.format {
            note("writing \(named.rawValue) to \(path) (from its extension; the mode stays \(format.format.rawValue))")
        }
    }

    /// The process exit status for what went wrong: 0 ok, 1 query, 2 usage, 3 data, 4 I/O, 70 internal.
    public var exitStatus: Int32 {
        guard let k = firstError else { return 0 }
        return ExitCode.for(k)
    }

    /// Closes any `.output` file (checked) and reports a write that failed since the last statement.
    public func finish() {
        try? setRedirect(path: nil, once: false)
        _ = reportWriteFailure()
    }
}

/// Exit statuses by class of failure, documented in README.
public enum ExitCode {
    public static func `for`(_ kind: Diagnostic.Kind) -> Int32 {
        switch kind {
        case .query: return 1
        case .usage: return 2
        case .data: return 3
        case .io: return 4
        case .internalError: return 70
        }
    }
}
