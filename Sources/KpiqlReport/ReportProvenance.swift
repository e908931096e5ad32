import Foundation
import KpiqlEngine
import KpiqlData

/// Where a report's figures came from, so a number in a committee paper can be traced and
/// re-run: each source file with its SHA-256, the queries and their parameters, the amber
/// tolerance, the kpiql version and when the report was generated.
public struct ReportProvenance: Sendable {
    public struct Source: Sendable, Equatable {
        /// The file name (not the full path: a report is shared, a home folder is private).
        public var name: String
        public var table: String
        /// nil when the file could not be read when the report was written.
        public var sha256: String?
        public var bytes: Int?
        /// A table read on a PostgreSQL server (`--engine`): `name` says which; there is no file to hash.
        public var onServer = false
    }

    /// How a table found on a server names its source (see `ServerEngine.discover`).
    public static let serverPrefix = Table.serverSourcePrefix

    public var sources: [Source]
    public var tolerance: Double
    public var version: String
    /// Injected rather than read from the clock, so tests are deterministic.
    public var generatedAt: Date

    public init(sources: [Source], tolerance: Double, version: String, generatedAt: Date) {
        self.sources = sources
        self.tolerance = tolerance
        self.version = version
        self.generatedAt = generatedAt
    }

    /// The source files of the tables the sections read, each hashed now: the hash is of the
    /// file as it is when the report is written, which is what a reader can check.
    public static func sources(tables: [String], catalog: Catalog) -> [Source] {
        var out: [Source] = []
        var seen = Set<String>()
        for name in tables {
            guard let table = catalog.table(name) else { continue }
            for path in table.sources where seen.insert(path).inserted {
                if path.hasPrefix(serverPrefix) {
                    out.append(Source(name: String(path.dropFirst(serverPrefix.count)), table: table.name, sha256: nil, bytes: nil, onServer: true))
                    continue
                }
                let data = FileManager.default.contents(atPath: path)
                out.append(Source(name: (path as NSString).lastPathComponent, table: table.name,
                                  sha256: data.map { SHA256.hex($0) }, bytes: data?.count))
            }
        }
        return out
    }

    /// "2026-11-26T09:30:00Z".
    public var generatedText: String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: generatedAt)
    }

    /// The footer of the page.
    func render(sections: [ReportSection]) -> String {
        var out = "<footer class=\"provenance\">\n<h2>Provenance</h2>\n<dl class=\"facts\">\n"
        out += "<div><dt>Generated</dt><dd><time datetime=\"\(generatedText)\">\(generatedText)</time></dd></div>\n"
        out += "<div><dt>kpiql version</dt><dd>\(HTMLEscape.text(version))</dd></div>\n"
        out += "<div><dt>Tolerance</dt><dd><span class=\"tolerance\">\(HTMLEscape.text(NumberFormat.plain(tolerance)))</span>%: "
            + "a result within this percentage of its target is amber, not red</dd></div>\n</dl>\n"

        out += "<table class=\"sources\">\n<caption>Source files</caption>\n<thead><tr><th scope=\"col\">File</th>"
            + "<th scope=\"col\">Table</th><th scope=\"col\" class=\"num\">Bytes</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n"
        for s in sources {
            out += "<tr><th scope=\"row\" class=\"file\">\(HTMLEscape.text(s.name))</th><td>\(HTMLEscape.text(s.table))</td>"
            out += "<td class=\"num\">\(s.bytes.map(String.init) ?? "—")</td>"
            if s.onServer {
                out += "<td class=\"server\">read on the server when this report was written: a server table has no file hash</td>"
            } else {
                out += s.sha256.map { "<td><code class=\"sha256\">\($0)</code></td>" } ?? "<td class=\"unreadable\">the file could not be read when this report was written</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"

        out += "<h3>\(sections.count == 1 ? "Query" : "Queries")</h3>\n"
        for (i, s) in sections.enumerated() {
            out += "<div class=\"query\">\n"
            if sections.count > 1 { out += "<p class=\"label\">\(i + 1). \(HTMLEscape.text(s.caption))</p>\n" }
            if let origin = s.origin { out += "<p class=\"origin\">From \(HTMLEscape.text(origin)).</p>\n" }
            out += "<pre><code class=\"query-text\">\(HTMLEscape.text(s.query))</code></pre>\n"
            if !s.parameters.isEmpty {
                out += "<p class=\"params\">Parameters: " + s.parameters.keys.sorted().map { k in
                    "<code>$\(HTMLEscape.text(k)) = \(HTMLEscape.text(s.parameters[k]!))</code>"
                }.joined(separator: ", ") + "</p>\n"
            }
            out += "</div>\n"
        }
        out += "<p class=\"rerun\">To re-run: <code>\(HTMLEscape.text(rerunCommand(sections)))</code></p>\n"
        out += "<p class=\"check\">Check a file with <code>sha256sum FILE</code>: the hash must match the one above for the figures to be the same.</p>\n"
        return out + "</footer>\n"
    }

    /// A shell command that writes this report again from the same files.
    func rerunCommand(_ sections: [ReportSection]) -> String {
        var args = ["kpiql"]
        if tolerance != 5 { args += ["--tolerance", NumberFormat.plain(tolerance)] }
        // One value per parameter across the report goes in --param; if sections ran with
        // different values, each section sets its own with .param first.
        var params: [String: String] = [:]
        var conflict = false
        for s in sections {
            for (k, v) in s.parameters {
                if let old = params[k], old != v { conflict = true }
                params[k] = v
            }
        }
        if !conflict { for k in params.keys.sorted() { args += ["--param", ReportProvenance.shellQuote(k + "=" + params[k]!)] } }
        var table = "metrics"
        for s in sections {
            if s.defaultTable.lowercased() != table.lowercased() {
                args += ["-c", ReportProvenance.shellQuote(".use " + s.defaultTable)]
                table = s.defaultTable
            }
            if conflict, !s.parameters.isEmpty {
                // Dot-command words group on double quotes: council="St Helens".
                let set = s.parameters.keys.sorted().map { k -> String in
                    let v = s.parameters[k]!
                    return k + "=" + (v.contains(" ") ? "\"" + v + "\"" : v)
                }
                args += ["-c", ReportProvenance.shellQuote(".param " + set.joined(separator: " "))]
            }
            // As written: a `--` comment in the query needs its line break to stay a comment.
            args += ["-c", ReportProvenance.shellQuote(s.query)]
        }
        return args.joined(separator: " ") + " --format html > report.html"
    }

    /// Single quotes, with a quote inside written as '\''.
    static func shellQuote(_ s: String) -> String {
        let safe = s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-=.,/".contains($0)) }
        return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
