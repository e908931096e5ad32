import ArgumentParser
import Foundation
import KpiqlShell

/// `kpiql`: the command line. With no subcommand it is `kpiql shell` (batch queries or the
/// REPL), so `kpiql -c 'QUERY'` works as it always has; `kpiql bench` times queries on a file.
struct Kpiql: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpiql",
        abstract: "Query council KPI scorecards: an interactive REPL, a batch runner and a benchmark.",
        version: KpiqlVersion.string,
        subcommands: [ShellCommand.self, BenchCommand.self, SQLCommand.self, PushCommand.self],
        defaultSubcommand: ShellCommand.self
    )
}

#if os(Linux)
// glibc's mallopt (malloc.h is not part of the Glibc module); -4 is M_MMAP_MAX, -1 M_TRIM_THRESHOLD.
@_silgen_name("mallopt") func mallopt(_ param: Int32, _ value: Int32) -> Int32
// Queries allocate and free column-sized arrays (megabytes) every run. glibc maps each block
// over 128 KB afresh and unmaps it when freed, so every query paid again for page faults on
// all of them; keeping freed blocks in the heap for reuse took the benchmark's Q3 at 1M rows
// from 16.8 to 4.3 ms, Q6 from 14.7 to 7.7 ms, Q5 from 22 to 14.7 ms (see BENCHMARKS.md).
_ = mallopt(-4, 0)
_ = mallopt(-1, 1 << 30)
#endif

// Before anything opens a file: closed standard streams, termination signals (StandardStreams).
StandardStreams.prepare()

// Usage errors from flag parsing exit 2, like every other usage error (argument-parser's default is 64).
do {
    var command = try Kpiql.parseAsRoot()
    try command.run()
} catch {
    let code = Kpiql.exitCode(for: error)
    if code == .validationFailure {
        Output.standard().err(Kpiql.fullMessage(for: error) + "\n")
        exit(2)
    }
    Kpiql.exit(withError: error)
}
