import Foundation
import KpiqlEngine

/// Loads a user's CSV or TSV file as a table: checks it fits in memory, reads it in two
/// streaming passes into typed columns, recognises its format (a sidecar's word first, then
/// Fingertips, LG Inform, metric roles in the headings, else a plain table) and builds the
/// table whole. The caller adds it to the catalog only then, so a failed load leaves nothing.
public enum Loader {
    public struct Result {
        public let table: Table
        /// What the load did, one line each, for the user (rows, columns, types, roles, missing values).
        public let report: [String]
    }

    /// Files `kpiql --data DIR` loads: CSV, TSV and TXT files, by name.
    public static let extensions = ["csv", "tsv", "tab", "txt"]

    /// `threads`: the parsing threads (one slice of the file each).
    public static func load(path: String, name: String?, maxLoadMB: Double? = nil, threads: Int = 1,
                            progress: ((Int64, Int64) -> Void)? = nil) throws(Diagnostic) -> Result {
        let tableName = name ?? defaultName(for: path)
        let size = try FileGuard.size(of: path)
        try FileGuard.checkSize(path, size: size, limitMB: maxLoadMB)
        let sidecarPath = Sidecar.find(for: path)
        let sidecar = try sidecarPath.map { (p: String) throws(Diagnostic) -> Sidecar in try Sidecar.load(p) }
        let format = try sidecar?.format()
        guard size > 0 else { throw LoadError.empty(path) }
        let file = try LoadedFile.read(path: path, threads: threads, progress: progress)

        var notes: [String] = []
        var roleLines: [String] = []
        var fields = file.names
        let table: Table
        switch format {
        case .plain?:
            table = plain(tableName, file)
        case .fingertips?:
            table = try FingertipsFormat.build(name: tableName, file: file, notes: &notes)
        case .lginform?:
            (table, roleLines) = try lgInform(tableName, file, sidecar, &notes, &fields)
        case .long?:
            let columns = try sidecar!.longColumns(file, over: LongLayout.detect(file))
            table = try LongLayout.build(name: tableName, file: file, columns: columns, notes: &notes)
        case .metrics?, nil:
            if format == nil && FingertipsFormat.matches(file) {
                table = try FingertipsFormat.build(name: tableName, file: file, notes: &notes)
            } else if format == nil, let long = LongLayout.detect(file) {
                table = try LongLayout.build(name: tableName, file: file, columns: sidecar.map { s throws(Diagnostic) in try s.longColumns(file, over: long) } ?? long, notes: &notes)
            } else if format == nil && LGInformFormat.matches(file) {
                (table, roleLines) = try lgInform(tableName, file, sidecar, &notes, &fields)
            } else {
                var mapping = RoleRecognizer.recognise(file)
                if let sidecar { mapping = try sidecar.apply(to: file, recognised: mapping) }
                if mapping.isMetrics || (format == .metrics && !mapping.periods.isEmpty) {
                    table = MetricsAssembler.build(name: tableName, file: file, mapping: mapping, notes: &notes, fields: &fields)
                    roleLines = mapping.describe(file)
                } else {
                    if format == .metrics { throw noPeriods(file, sidecar: sidecar!) }
                    table = plain(tableName, file)
                }
            }
        }
        let report = LoadReport(file: file, fields: fields, table: table, sidecar: sidecarPath, roles: roleLines, notes: notes)
        return Result(table: table, report: report.lines)
    }

    static func lgInform(_ name: String, _ file: LoadedFile, _ sidecar: Sidecar?, _ notes: inout [String],
                         _ fields: inout [String]) throws(Diagnostic) -> (Table, [String]) {
        let mapping = try LGInformFormat.mapping(file, sidecar: sidecar, notes: &notes)
        let table = MetricsAssembler.build(name: name, file: file, mapping: mapping,
                                           extra: mapping.roles[.indicator] == nil ? [LGInformFormat.indicator(file)] : [],
                                           notes: &notes, fields: &fields)
        table.indicatorKey = ["indicator"]
        // Its columns are every indicator's periods side by side: a blank is mostly another
        // indicator's period, so `previous` is the value before, across blanks.
        table.metricsInputs?.skipsBlankPeriods = true
        return (table, mapping.describe(file))
    }

    /// Every column as read, with its type; no roles.
    static func plain(_ name: String, _ file: LoadedFile) -> Table {
        let columns = file.headers.indices.map { i in
            Column(file.names[i], file.columns[i], doc: file.doc(i))
        }
        return Table(name: name, kind: .plain, columns: columns, sources: [file.path])
    }

    static func noPeriods(_ file: LoadedFile, sidecar: Sidecar) -> Diagnostic {
        LoadError.file(file.path, "\(sidecar.fileName) says format = \"metrics\", but no column of period values was found",
                       hints: ["name them in \(sidecar.fileName): periods = [\"Q1\", \"Q2\"] (oldest first)"], code: "K423")
    }

    /// A table name from a file name: `LA data 2024.csv` → `la_data_2024`.
    public static func defaultName(for path: String) -> String {
        var base = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        var name = LoadedFile.fieldName(base)
        if name.hasPrefix("c_") { name = "t_" + name.dropFirst(2) }
        if Keyword(rawValue: name) != nil { name += "_data" }
        return name
    }

    /// Why `name` cannot name a table, or nil if it can.
    public static func problem(withName name: String) -> String? {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
              name.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "_" })
        else { return "'\(name)' is not a table name: use letters, digits and _, starting with a letter" }
        if Keyword(rawValue: name.lowercased()) != nil { return "'\(name)' is a keyword of the query language, so it cannot name a table" }
        return nil
    }

    /// The data files in a folder, sorted by name.
    public static func dataFiles(in directory: String) throws(Diagnostic) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw LoadError.cannotRead(directory, reason: "it is not a folder that can be listed")
        }
        return names.filter { n in
            guard let dot = n.lastIndex(of: "."), !n.hasPrefix(".") else { return false }
            return extensions.contains(n[n.index(after: dot)...].lowercased())
        }.sorted().map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
    }
}
