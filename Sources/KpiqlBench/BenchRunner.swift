import Foundation
import KpiqlEngine
import KpiqlData

/// Times the load of a metrics CSV and repeated runs of queries over it, for `kpiql bench`.
///
/// A timed run covers parsing, binding, executing and materialising the whole result (every
/// row and selected column as `Value`s in memory, not formatted); the text is parsed again on
/// every run. Nothing here writes anywhere: the caller prints the report.
public enum BenchRunner {
    /// When the derived fields (latest, change, trend, variance, status…) are computed.
    public enum Derive: String, Sendable, CaseIterable {
        /// Once after the load, timed as `derive_ms`; queries read the stored columns.
        case load
        /// Inside every timed run, before the query executes (all derived columns, recomputed).
        case query
    }

    public struct Load: Sendable {
        /// The loaded tables, their derived fields made as for a user's `.load`.
        public var workspace: Workspace
        public var engine: Engine { workspace.engine }
        public var loadMs: Double
        public var deriveMs: Double
        public var rows: Int
        public var derive: Derive
        /// The finished table's columns (derived fields included), in MB.
        public var tableMB: Double
    }

    public struct Sample: Sendable {
        public var name: String
        public var samplesMs: [Double]
        public var rows: Int
        /// The count when the result is one number in one row (`select count() as n`).
        public var value: Double?
        /// The result of the last run, for cross-checking against other engines.
        public var result: ResultSet?
        public var medianMs: Double { BenchRunner.median(samplesMs) }
    }

    /// Loads `path` as the `metrics` table of a new engine, through the loader `.load` uses
    /// (roles from the file's headings, as for any user's file).
    public static func load(path: String, derive: Derive, threads: Int = 1) throws(Diagnostic) -> Load {
        let t0 = now()
        // The loaded file (and its mapping) is gone before the derived fields are made.
        let table = try Loader.load(path: path, name: "metrics", threads: threads).table
        let t1 = now()
        let workspace = Workspace()
        workspace.catalog.threads = threads
        // Workspace.add computes the derived fields of a metrics table; with `query` they are
        // recomputed in every run as well, so the load-time copy is only a placeholder.
        workspace.add(table)
        let t2 = now()
        return Load(workspace: workspace, loadMs: ms(t0, t1), deriveMs: derive == .load ? ms(t1, t2) : 0,
                    rows: table.rowCount, derive: derive, tableMB: Double(table.columns.reduce(0) { $0 + $1.data.byteSize }) / 1_048_576)
    }

    /// Adds another file of the workload layout to `load`'s catalog as metrics table `name`
    /// (a second snapshot for the join query), with its derived fields; returns its rows.
    public static func addTable(name: String, path: String, to load: Load, threads: Int = 1) throws(Diagnostic) -> Int {
        let table = try Loader.load(path: path, name: name, threads: threads).table
        load.workspace.add(table)
        return table.rowCount
    }

    /// Runs `text` `warmup` times untimed, then `runs` times timed.
    public static func run(name: String, text: String, on load: Load, runs: Int, warmup: Int) throws(Diagnostic) -> Sample {
        var samples: [Double] = []
        var last: ResultSet?
        for i in 0..<(warmup + runs) {
            let t0 = now()
            if load.derive == .query, let table = load.engine.catalog.table("metrics") {
                MetricsDeriver.derive(table, tolerance: load.engine.catalog.tolerance, threads: load.engine.catalog.threads)
            }
            let result = try load.engine.run(text)
            let t1 = now()
            if i >= warmup { samples.append(ms(t0, t1)) }
            last = result
        }
        var value: Double?
        if let r = last, r.rowCount == 1, r.columns.count == 1, case .number(let v) = r.value(row: 0, column: 0) { value = v }
        return Sample(name: name, samplesMs: samples, rows: last?.rowCount ?? 0, value: value, result: last)
    }

    public static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return .nan }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Milliseconds with three decimals, as the report prints them.
    public static func format(_ ms: Double) -> String { String(format: "%.3f", ms) }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    static func ms(_ a: UInt64, _ b: UInt64) -> Double { Double(b - a) / 1e6 }
}
