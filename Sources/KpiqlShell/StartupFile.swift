import Foundation

/// The start-up file `kpiqlrc` (in `$KPIQL_HOME` or the XDG config folder): dot commands run
/// when the REPL opens. Batch runs skip it unless `-init FILE` asks, so scripts stay reproducible.
public enum StartupFile {
    public static var path: String { KpiqlPaths.configDir() + "/kpiqlrc" }

    public static func run(session: Session) {
        // No start-up file is the usual case; one that exists but cannot be read is reported.
        guard FileManager.default.fileExists(atPath: path) else { return }
        do { session.runScript(try ScriptFile.read(path), name: path) } catch { session.report(error) }
    }
}
