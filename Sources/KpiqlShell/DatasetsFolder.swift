import Foundation
import KpiqlData
import KpiqlEngine

/// Where the bundled datasets are, for a kpiql started without `--datasets`: a question about
/// the process (its arguments, environment and working folder), so the shell answers it, not
/// the data layer.
public enum DatasetsFolder {
    /// `$KPIQL_DATASETS`, `./datasets`, beside the executable's build folder, or the source
    /// tree this binary was built from; the first that holds the bundled files.
    public static func locate(executablePath: String? = CommandLine.arguments.first) -> String? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["KPIQL_DATASETS"], !env.isEmpty { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/datasets")
        if let exe = executablePath {
            let dir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
            candidates.append(dir.appendingPathComponent("../../datasets").standardized.path)
            candidates.append(dir.appendingPathComponent("../../../datasets").standardized.path)
        }
        // This file is Sources/KpiqlShell/DatasetsFolder.swift.
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets").standardized.path
        candidates.append(sourceRoot)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + BundledDatasets.seftonFile) }
    }
}

extension Workspace {
    /// The bundled datasets from `directory`, or from the folder `DatasetsFolder.locate` finds.
    public static func bundled(locating directory: String?) throws(Diagnostic) -> Workspace {
        guard let dir = directory ?? DatasetsFolder.locate() else {
            throw Diagnostic(.data, code: "K405", "cannot find the bundled datasets folder",
                             hints: ["run kpiql from the project folder, or set KPIQL_DATASETS to the datasets folder"])
        }
        return try Workspace.bundled(directory: dir)
    }
}
