import Foundation
import KpiqlEngine

extension Session {
    /// `.output FILE` streams into an open file; `.once FILE` holds no file open: its one
    /// result is written whole (temporary file, then rename) when it comes.
    struct Redirect {
        var path: String
        var sink: FileSink?
        var once: Bool
        /// The format the file's extension names (`out.csv` → csv), used instead of the mode.
        var format: OutputFormat?
    }

    /// The format a file name's extension names: csv, tsv, json, jsonl/ndjson, md/markdown.
    /// Other extensions (`.txt`, none) take the current mode.
    static func format(forExtension path: String) -> OutputFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        case "md", "markdown": return .markdown
        default: return nil
        }
    }
}
