import Foundation

/// The repository the tests run from: its folders (datasets, golden files, fixtures) found
/// from this file's own path, so a test runs the same from any working directory.
public enum Repo {
    /// The repository's root folder (this file is Tests/KpiqlTestSupport/Repo.swift).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path under the root, such as `Repo.path("Tests/fixtures/load/scorecard.csv")`.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The bundled datasets folder.
    public static var datasets: String { path("datasets") }
}

/// Fresh names in the system's temporary folder, one per test, so parallel tests never share
/// a file; the test removes what it made.
public enum Scratch {
    /// `$TMPDIR/kpiql-LABEL-UUIDsuffix` (nothing is created).
    public static func url(_ label: String, suffix: String = "") -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-\(label)-\(UUID().uuidString)\(suffix)")
    }

    public static func path(_ label: String, suffix: String = "") -> String { url(label, suffix: suffix).path }

    /// A new empty folder `$TMPDIR/kpiql-LABEL-UUID`.
    public static func folder(_ label: String) throws -> URL {
        let dir = url(label)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
