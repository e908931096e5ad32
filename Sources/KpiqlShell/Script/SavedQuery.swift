import Foundation
import KpiqlEngine
import KpiqlData

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
}
