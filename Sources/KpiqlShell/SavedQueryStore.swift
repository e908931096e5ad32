import Foundation
import KpiqlEngine
import KpiqlData

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
        for p in Lexer.parameterNames(in: query) { text += "-- param: \(p) = \(defaults[p] ?? "")\n" }
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
