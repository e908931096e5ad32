import Foundation
import KpiqlEngine

/// A saved query: a plain `NAME.kpiql` file with a comment header and the query, runnable
/// with `.run NAME` and with `kpiql -f NAME.kpiql`.
///
///     -- description: Children's indicators rated red, worst first
///     -- param: priority = Children
///     -- saved: 2026-11-26
///     where priority = $priority and status = red order by variance;
public struct SavedQuery: Sendable {
    public enum Location: String, Sendable { case user, project }
    public var name: String
    public var description: String
    public var parameters: [(name: String, value: String)]
    public var saved: String?
    public var body: String
    public var path: String
    public var location: Location

    /// Reads the header comments; everything else is the body.
    public static func parse(_ text: String, name: String, path: String, location: Location) -> SavedQuery {
        var q = SavedQuery(name: name, description: "", parameters: [], saved: nil, body: text, path: path, location: location)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("--") else { if !t.isEmpty { break } else { continue } }
            let content = t.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = content[..<colon].lowercased(), value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "description": q.description = value
            case "saved": q.saved = value
            case "param", "parameter":
                let parts = value.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if let n = parts.first, !n.isEmpty {
                    q.parameters.append((n.hasPrefix("$") ? String(n.dropFirst()) : n, parts.count > 1 ? unquote(parts[1]) : ""))
                }
            default: break
            }
        }
        return q
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// Default values of the parameters, for the session's parameter map.
    public var defaults: [String: String] {
        var d: [String: String] = [:]
        for p in parameters where !p.value.isEmpty { d[p.name] = p.value }
        return d
    }

    /// The names of the `$parameters` a query uses, in order of first use.
    public static func parameterNames(in query: String) -> [String] {
        var names: [String] = []
        guard let tokens = try? Lexer.tokenize(query) else { return names }
        for t in tokens { if case .parameter(let p) = t.kind, !names.contains(p) { names.append(p) } }
        return names
    }
}

/// The two folders of saved queries: the user's and the project's `queries/`.
public final class SavedQueryStore: @unchecked Sendable {
    public let userDir: String
    public let projectDir: String?

    public init(userDir: String? = nil, projectDir: String? = nil) {
        self.userDir = userDir ?? KpiqlPaths.configDir() + "/queries"
        self.projectDir = projectDir ?? KpiqlPaths.projectQueriesDir()
    }

    /// User queries first: a user's query of the same name hides the project's.
    public func list() -> [SavedQuery] {
        var out: [SavedQuery] = []
        for (dir, loc) in [(userDir, SavedQuery.Location.user), (projectDir, .project)] {
            guard let dir, let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for f in files.sorted() where f.hasSuffix(".kpiql") {
                let name = String(f.dropLast(6))
                if out.contains(where: { $0.name == name }) { continue }
                let path = dir + "/" + f
                if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    out.append(SavedQuery.parse(text, name: name, path: path, location: loc))
                }
            }
        }
        return out
    }

    public func find(_ name: String) -> SavedQuery? { list().first { $0.name == name } }

    /// Names must be plain identifiers: no `/`, no `..`, nothing a shell or a path would read.
    public static func validate(_ name: String) throws(Diagnostic) {
        let ok = !name.isEmpty && name.count <= 64 && name.first!.isLetter
            && name.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") && $0.isASCII }
        guard ok else {
            throw Diagnostic(.usage, code: "K602", "'\(name)' is not a valid saved query name",
                             hints: ["use letters, digits, _ and -, starting with a letter (for example children_red)"])
        }
    }

    /// Writes a query atomically (temporary file, then link or rename), refusing to replace
    /// an existing one unless `overwrite`.
    public func save(name: String, description: String, query: String, defaults: [String: String], overwrite: Bool) throws(Diagnostic) -> String {
        try SavedQueryStore.validate(name)
        let path = userDir + "/" + name + ".kpiql"
        var text = "-- description: \(description)\n"
        for p in SavedQuery.parameterNames(in: query) { text += "-- param: \(p) = \(defaults[p] ?? "")\n" }
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        text += "-- saved: \(day)\n"
        text += query.hasSuffix(";") ? query + "\n" : query + ";\n"
        try AtomicFile.write(text, to: path, overwrite: overwrite)
        return path
    }

    public func drop(_ name: String) throws(Diagnostic) -> SavedQuery {
        guard let q = find(name) else { throw unknown(name) }
        guard q.location == .user else {
            throw Diagnostic(.usage, code: "K603", "'\(name)' is a project query in \(q.path); kpiql does not delete project files",
                             hints: ["remove it with git if you mean to"])
        }
        do { try FileManager.default.removeItem(atPath: q.path) } catch {
            throw Diagnostic(.io, code: "K604", "cannot delete \(q.path): \(error.localizedDescription)")
        }
        return q
    }

    public func unknown(_ name: String) -> Diagnostic {
        var hints: [String] = []
        if let s = Suggest.closest(to: name, in: list().map(\.name)) { hints.append("did you mean '\(s)'?") }
        hints.append("'.queries' lists the saved queries")
        return Diagnostic(.usage, code: "K605", "no saved query named '\(name)'", hints: hints)
    }
}
