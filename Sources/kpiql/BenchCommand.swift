import ArgumentParser
import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlBench
import KpiqlShell

/// `kpiql bench`: loads a metrics CSV once and times queries over it. The report goes to
/// stdout, one `bench …` line for the load and one per query; progress notes go to stderr.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the load of a metrics CSV and queries over it.",
        discussion: """
        The file has the Sefton period layout (council,id,name,priority,frequency,good,r3,r2,r1,latest,target), \
        as written by bench/generate.py. Without --query the six workload queries Q1–Q6 run. Prints \
        `bench load_ms=… derive_ms=… rows=… derive=…`, then per query \
        `bench q=NAME median_ms=… rows=… samples_ms=…` (with value=N when the result is one count).
        """
    )

    @Option(name: .long, help: "The metrics CSV to load.")
    var data: String

    @Option(name: .long, help: "Timed runs per query.")
    var runs = 10

    @Option(name: .long, help: "Untimed runs per query before the timed ones.")
    var warmup = 2

    @Option(name: .long, help: "When derived fields are computed: load (once, after loading) or query (in every run).")
    var derive = "load"

    @Option(name: .long, help: "Threads a query may use (results are the same with any number).")
    var threads = 1

    @Option(name: .long, help: "A query to time, as NAME=QUERY (the name ends at the first '='). Repeatable.")
    var query: [String] = []

    @Option(name: .long, help: "Another file of the same layout to load as metrics table NAME, as NAME=FILE (a second snapshot to join). Repeatable.")
    var table: [String] = []

    @Option(name: .long, help: "Write each query's last result to DIR/NAME.csv (raw CSV, full precision) for cross-checks.")
    var results: String?

    mutating func run() throws {
        let err = Output.standard().err
        guard let strategy = BenchRunner.Derive(rawValue: derive) else {
            throw fail(Diagnostic(.usage, code: "K811", "--derive must be load or query, got '\(derive)'"))
        }
        guard runs > 0, warmup >= 0, threads >= 1 else {
            throw fail(Diagnostic(.usage, code: "K812", "--runs and --threads must be at least 1, --warmup at least 0"))
        }
        var queries: [(name: String, text: String)] = []
        for q in query {
            guard let eq = q.firstIndex(of: "="), eq != q.startIndex else {
                throw fail(Diagnostic(.usage, code: "K813", "--query needs NAME=QUERY, found '\(q)'"))
            }
            queries.append((String(q[..<eq]), String(q[q.index(after: eq)...])))
        }
        if queries.isEmpty { queries = BenchWorkload.queries }
        var tables: [(name: String, path: String)] = []
        for t in table {
            guard let eq = t.firstIndex(of: "="), eq != t.startIndex else {
                throw fail(Diagnostic(.usage, code: "K815", "--table needs NAME=FILE, found '\(t)'"))
            }
            tables.append((String(t[..<eq]), String(t[t.index(after: eq)...])))
        }
        do {
            err("loading \(data)\n")
            let load = try BenchRunner.load(path: data, derive: strategy, threads: threads)
            try emit("bench load_ms=\(BenchRunner.format(load.loadMs)) derive_ms=\(BenchRunner.format(load.deriveMs)) rows=\(load.rows) derive=\(load.derive.rawValue) table_mb=\(String(format: "%.1f", load.tableMB))")
            for (name, path) in tables {
                err("loading \(path) as \(name)\n")
                let rows = try BenchRunner.addTable(name: name, path: path, to: load, threads: threads)
                try emit("bench table=\(name) rows=\(rows)")
            }
            for q in queries {
                err("running \(q.name): \(q.text)\n")
                let s = try BenchRunner.run(name: q.name, text: q.text, on: load, runs: runs, warmup: warmup)
                var line = "bench q=\(s.name) median_ms=\(BenchRunner.format(s.medianMs)) rows=\(s.rows)"
                if let v = s.value { line += " value=\(NumberFormat.plain(v))" }
                line += " samples_ms=" + s.samplesMs.map(BenchRunner.format).joined(separator: ",")
                try emit(line)
                if let dir = results, let r = s.result { try write(r, to: dir + "/" + q.name + ".csv") }
            }
        } catch {
            throw fail(error)
        }
    }

    private func write(_ r: ResultSet, to path: String) throws(Diagnostic) {
        var options = FormatOptions(format: .csv)
        options.raw = true
        do { try AtomicFile.writeChecked(ResultFormatter.render(r, options), to: path, overwrite: true) } catch {
            throw error.diagnostic(code: "K814")
        }
    }

    /// One report line on standard output, checked; a closed pipe ends quietly as in the shell.
    private func emit(_ line: String) throws(Diagnostic) {
        do { try FileSink(fd: 1, name: "standard output", owned: false, closedAtStart: StandardStreams.outputClosedAtStart).write(line + "\n") } catch {
            if error.errno == EPIPE { StandardStreams.endOnClosedPipe() }
            throw error.diagnostic()
        }
    }

    private func fail(_ d: Diagnostic) -> ArgumentParser.ExitCode {
        Output.standard().err(DiagnosticRenderer().render(d))
        return ArgumentParser.ExitCode(KpiqlShell.ExitCode.for(d.kind))
    }
}
