import ArgumentParser
import KpiqlEngine
import KpiqlShell

/// The data a subcommand reads before it runs (`kpiql sql`, `kpiql push`): the bundled
/// datasets' folder and files to load, as the shell takes them.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the bundled datasets (default: found automatically).")
    var datasets: String?

    @Option(name: .customLong("load"), help: "Load a CSV or TSV file as a table first: --load FILE or --load FILE=NAME. Repeatable.")
    var load: [String] = []
}

extension Output {
    /// Renders `d` on standard error and gives the exit status of its kind, for a subcommand to throw.
    func fail(_ d: Diagnostic) -> ArgumentParser.ExitCode {
        err(DiagnosticRenderer().render(d))
        return ArgumentParser.ExitCode(KpiqlShell.ExitCode.for(d.kind))
    }
}
