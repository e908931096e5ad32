import Foundation
import KpiqlEngine

/// Reads a comparator group from JSON with Foundation's `JSONSerialization`:
///
/// - a list of codes or names (`["E08000011", "Wirral"]`), or of objects naming one area each
///   (`[{"code": "E08000011", "name": "Knowsley"}]`): one list;
/// - an object of area → list (`{"E08000014": ["E08000011", …], …}`), as Oflog publishes
///   nearest neighbours: each area's own comparators. A value may also be an object holding
///   the list under `neighbours`, `nearest_neighbours`, `comparators` or `members`.
///
/// Errors point at the place in the file: the parser's character for broken JSON, the key
/// whose value is not a list.
enum ComparatorJSON {
    static let listKeys = ["neighbours", "nearest_neighbours", "neighbors", "comparators", "members", "areas"]
    static let areaKeys = ["code", "area_code", "gss_code", "ons_code", "la_code", "id", "name", "area", "area_name"]

    /// A `.json` name, or text whose first character opens an object or a list.
    static func looksLikeJSON(path: String, size: Int64) throws(Diagnostic) -> Bool {
        if path.lowercased().hasSuffix(".json") { return true }
        guard let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        let head = h.readData(ofLength: 64)
        let first = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }.first
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    static func read(name: String, path: String) throws(Diagnostic) -> ComparatorGroup {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw LoadError.cannotRead(path, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        let top: Any
        do { top = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw syntax(path, bytes, error)
        }
        if let list = top as? [Any] {
            let members = try areas(list, path: path, bytes: bytes, key: nil)
            guard !members.isEmpty else { throw shape(path, bytes, key: nil, "the list is empty: no areas to compare") }
            let labels = list.compactMap { ($0 as? [String: Any]).flatMap { $0["name"] as? String } }
            return ComparatorGroup(name: name, members: members, areas: labels.count == members.count ? labels : nil, source: path)
        }
        guard let object = top as? [String: Any] else {
            throw shape(path, bytes, key: nil, "the file holds a single value, not a list of areas or an object of area → list")
        }
        // JSONSerialization forgets the order of keys; the file's order reads best in listings.
        let places = keyOffsets(bytes)
        let keys = object.keys.sorted { (places[$0] ?? 0, $0) < (places[$1] ?? 0, $1) }
        var lists: [(area: String, comparators: [String])] = []
        for key in keys {
            var value = object[key]!
            if let inner = value as? [String: Any], let k = listKeys.first(where: { inner[$0] != nil }) { value = inner[k]! }
            guard let list = value as? [Any] else {
                throw shape(path, bytes, key: key, "the value of \"\(key)\" is not a list of areas")
            }
            lists.append((area: key, comparators: try areas(list, path: path, bytes: bytes, key: key)))
        }
        guard !lists.isEmpty else { throw shape(path, bytes, key: nil, "the object is empty: no areas to compare") }
        return ComparatorGroup(name: name, form: .neighbours, lists: lists, source: path)
    }

    /// A list's areas: strings, or objects whose code (else name) names the area.
    static func areas(_ list: [Any], path: String, bytes: [UInt8], key: String?) throws(Diagnostic) -> [String] {
        var out: [String] = []
        for item in list {
            if let s = item as? String, !s.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append(s.trimmingCharacters(in: .whitespaces))
            } else if let o = item as? [String: Any], let k = areaKeys.first(where: { o[$0] is String }) {
                out.append(o[k] as! String)
            } else {
                let what = key.map { "the list of \"\($0)\"" } ?? "the list"
                throw shape(path, bytes, key: key, "\(what) holds \(describe(item)), where an area code or name was expected")
            }
        }
        return out
    }

    static func describe(_ v: Any) -> String {
        if v is NSNull { return "null" }
        if let s = v as? String { return s.isEmpty ? "an empty name" : "\"\(s)\"" }
        if v is NSNumber { return "a number (\(v))" }
        if v is [Any] { return "a list" }
        return "an object without a code or name"
    }

    /// Broken JSON: placed at the character the parser names.
    static func syntax(_ path: String, _ bytes: [UInt8], _ error: Error) -> Diagnostic {
        let text = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        let number = text.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) ) }
        let hints = ["a list is [\"E08000011\", \"E08000012\"]; nearest neighbours are {\"E08000014\": [\"E08000011\", …]}",
                     "check for a missing comma or quote just before this place"]
        guard let at = number else { return LoadError.file(path, "this is not valid JSON: \(text)", hints: hints, code: "K451") }
        return place(path, bytes, offset: min(at, max(0, bytes.count - 1)), "this is not valid JSON (\(text.lowercased().replacingOccurrences(of: ".", with: "")))",
                     hints: hints, code: "K451")
    }

    /// Valid JSON of the wrong shape: placed at the key whose value is wrong, else the start.
    static func shape(_ path: String, _ bytes: [UInt8], key: String?, _ message: String) -> Diagnostic {
        let hints = ["give a list of codes or names, or an object of area code → list of codes: {\"E08000014\": [\"E08000011\", \"E08000012\"]}"]
        var at = bytes.firstIndex { $0 > 0x20 } ?? 0
        if let key, let o = offset(of: key, in: bytes) { at = o }
        return place(path, bytes, offset: at, message, width: key.map { $0.utf8.count + 2 } ?? 1, hints: hints, code: "K452")
    }

    /// The byte offset of `"key"` as a key (followed by `:`) in the file.
    static func offset(of key: String, in bytes: [UInt8]) -> Int? { keyOffsets(bytes)[key] }

    /// Every string that is followed by `:` (an object's key), at its first place, in one pass:
    /// a nearest-neighbour file has hundreds of keys, and searching for each would be quadratic.
    static func keyOffsets(_ bytes: [UInt8]) -> [String: Int] {
        var out: [String: Int] = [:]
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else { i += 1; continue }
            var j = i + 1
            while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
            guard j < bytes.count else { break }
            var k = j + 1
            while k < bytes.count && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D) { k += 1 }
            if k < bytes.count && bytes[k] == UInt8(ascii: ":") {
                let key = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                if out[key] == nil { out[key] = i }
            }
            i = j + 1
        }
        return out
    }

    static func place(_ path: String, _ bytes: [UInt8], offset: Int, _ message: String, width: Int = 1, hints: [String], code: String) -> Diagnostic {
        let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let lineEnd = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
        let line = bytes[..<offset].filter { $0 == 0x0A }.count + 1
        let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        return LoadError.at(path, line: line, column: offset - lineStart + 1, lineText: text, width: width, message, hints: hints, code: code)
    }
}
