import Foundation

/// The start-up file `kpiqlrc` (in `$KPIQL_HOME` or the XDG config folder): dot commands run
/// when the REPL opens. Batch runs skip it unless `-init FILE` asks, so scripts stay reproducible.
public enum StartupFile {
    public static var path: String { KpiqlPaths.configDir() + "/kpiqlrc" }

    public static func run(session: Session) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        session.runScript(text, name: path)
    }
}
