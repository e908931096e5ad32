import ArgumentParser
import KpiqlShell

/// `kpiql`: the command line. With no subcommand it is `kpiql shell` (batch queries or the
/// REPL), so `kpiql -c 'QUERY'` works as it always has; `kpiql bench` times queries on a file.
struct Kpiql: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpiql",
        abstract: "Query council KPI scorecards: an interactive REPL, a batch runner and a benchmark.",
        version: KpiqlVersion.string,
        subcommands: [ShellCommand.self, BenchCommand.self],
        defaultSubcommand: ShellCommand.self
    )
}

Kpiql.main()
