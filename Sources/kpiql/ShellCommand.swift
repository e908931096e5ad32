import ArgumentParser
import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlShell

/// `kpiql [shell]`: the default subcommand, batch queries or the REPL. Flags are parsed here;
/// everything else happens in the shell and engine libraries.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Run queries in batch or open the REPL (the default: `kpiql -c …` is `kpiql shell -c …`).",
        discussion: """
        With no -c or -f, kpiql reads queries from standard input when it is not a terminal, \
        and opens the REPL when it is. Exit status: 0 ok, 1 query error, 2 usage error, \
        3 data error, 4 file error, 70 internal error.
        """
    )

    @Option(name: [.short, .customLong("command")], help: "Run QUERY (or a dot command) and exit. Repeatable.")
    var command: [String] = []

    @Option(name: [.short, .customLong("file")], help: "Run the statements in FILE (a saved query file) and exit. Repeatable.")
    var file: [String] = []

    @Option(name: .long, help: "Output format: table, csv, tsv, json, jsonl, markdown, line, or html (one report of every query, on standard output).")
    var format: String?

    @Option(name: .long, help: "Amber tolerance in percent (default 5: within 95% of target is amber).")
    var tolerance: Double?

    @Option(name: .long, help: "Give a query parameter a value: --param priority=Adults. Repeatable.")
    var param: [String] = []

    @Flag(name: .long, help: "Stop at the first error.")
    var bail = false

    @Flag(name: .long, help: "CSV/TSV: do not neutralise cells that start with = + - @ (for non-spreadsheet consumers).")
    var raw = false

    @Option(name: .long, help: "Folder of the bundled datasets (default: found automatically).")
    var datasets: String?

    @Option(name: [.customLong("init", withSingleDash: true), .customLong("init")], help: "Run this start-up file of dot commands first.")
    var initFile: String?

    @Option(name: .customLong("load"), help: "Load a CSV or TSV file as a table: --load FILE or --load FILE=NAME. Repeatable.")
    var load: [String] = []

    @Option(name: .customLong("data"), help: "Load every CSV and TSV file in DIR, each as a table named after its file.")
    var data: String?

    @Option(name: .long, help: "Run queries on a PostgreSQL server: a postgresql:// URL or a libpq conninfo (the password from PGPASSWORD or ~/.pgpass).")
    var engine: String?

    mutating func run() throws {
        let output = Output.standard()
        // The server connects while the bundled tables load.
        let connecting = self.engine.map { ServerConnecting($0) }
        let workspace: Workspace
        do { workspace = try Workspace.bundled(locating: datasets) } catch {
            output.err(DiagnosticRenderer().render(error))
            throw ExitCode(KpiqlShell.ExitCode.for(error.kind))
        }
        // Large tables use every core; answers are the same on any number of threads.
        workspace.catalog.threads = ProcessInfo.processInfo.activeProcessorCount
        let session = Session(workspace: workspace, output: output)
        session.bail = bail
        session.format.raw = raw
        do { try configure(session) } catch let d as Diagnostic {
            output.err(DiagnosticRenderer().render(d))
            throw ExitCode(2)
        }
        let interactive = command.isEmpty && file.isEmpty && isatty(0) == 1 && isatty(1) == 1
        if interactive && session.reportSections != nil {
            output.err(DiagnosticRenderer().render(Diagnostic(.usage, code: "K804", "--format html writes a report of a batch run, not of the REPL",
                                                              hints: ["give queries with -c or -f, or in the REPL write .report FILE.html"])))
            throw ExitCode(2)
        }
        if !LoadCommands.loadFromCommandLine(session, files: load, directory: data) && bail { throw ExitCode(session.exitStatus) }
        if let connecting {
            do { try connecting.finish(session) } catch {
                output.err(DiagnosticRenderer().render(error))
                throw ExitCode(KpiqlShell.ExitCode.for(error.kind))
            }
        }
        if let initFile { runFile(initFile, session: session) }
        else if interactive { StartupFile.run(session: session) }
        let names = param.compactMap { p in p.firstIndex(of: "=").map { String(p[..<$0]) } }
        let scripts = command + file.compactMap { try? ScriptFile.read($0) }
        if !command.isEmpty || !file.isEmpty {
            do { try BatchParameters.check(names, scripts: scripts, savedQueries: session.savedQueries) } catch {
                output.err(DiagnosticRenderer().render(error))
                throw ExitCode(2)
            }
            for c in command where !session.quitRequested {
                if !session.runScript(c, name: "query") && bail { break }
            }
            for f in file where !(bail && session.errorCount > 0) && !session.quitRequested { runFile(f, session: session) }
        } else if !interactive {
            // readToEnd throws (a folder given as standard input, EIO) where readDataToEndOfFile would trap.
            let text: String
            do { text = String(decoding: try FileHandle.standardInput.readToEnd() ?? Data(), as: UTF8.self) } catch {
                let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? Int(EIO)
                output.err(DiagnosticRenderer().render(IOFailure(name: "standard input", action: "read", errno: Int32(code)).diagnostic(code: "K803")))
                throw ExitCode(4)
            }
            do { try BatchParameters.check(names, scripts: [text], savedQueries: session.savedQueries) } catch {
                output.err(DiagnosticRenderer().render(error))
                throw ExitCode(2)
            }
            session.runScript(text, name: "stdin")
        } else {
            output.err("kpiql \(KpiqlVersion.string) — \(workspace.catalog.tableNames.count) tables loaded. Type .help for commands, .quit or Ctrl-D to leave.\n")
            _ = Repl(session: session, reader: TerminalLineReader.make(session: session)).run()
            throw ExitCode(0)
        }
        ReportCommand.finishBatch(session)
        session.finish()
        if session.exitStatus != 0 { throw ExitCode(session.exitStatus) }
    }

    func configure(_ session: Session) throws {
        if let format {
            // html is not a result format but a whole page of every result: the session gathers them.
            if format.lowercased() == "html" {
                session.reportSections = []
            } else {
                guard let f = OutputFormat(name: format) else {
                    throw Diagnostic(.usage, code: "K801", "unknown format '\(format)'",
                                     hints: ["formats: " + (OutputFormat.allCases.map(\.rawValue) + ["html"]).joined(separator: ", ")])
                }
                session.format.format = f
            }
        }
        if let tolerance { try session.workspace.setTolerance(tolerance) }
        for p in param {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw Diagnostic(.usage, code: "K802", "--param needs NAME=VALUE, found '\(p)'")
            }
            session.parameters[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
    }

    /// Runs a script file; a saved query's header supplies parameter defaults that --param overrides.
    func runFile(_ path: String, session: Session) {
        ScriptFile.run(path, in: session) { text in session.runScript(text, name: path) }
    }
}
