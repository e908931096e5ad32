/// What a sidecar file's lines mean: the format to read the file as, and roles that replace
/// the ones recognised from headings. Every key and every column it names is checked, with a
/// caret under the mistake and the near miss suggested.
extension Sidecar {
    enum Format: String, CaseIterable, Sendable { case metrics, plain, fingertips, lginform }

    static let roleKeys = RoleMapping.Role.allCases.map(\.rawValue)
    static let keys = ["format", "periods"] + roleKeys

    /// Checks the keys and returns the format the file asks for, if any.
    func format() throws(Diagnostic) -> Format? {
        var seen: [String: Entry] = [:]
        for e in entries {
            guard Sidecar.keys.contains(e.key) else {
                var hints = Suggest.closest(to: e.key, in: Sidecar.keys).map { ["did you mean '\($0)'?"] } ?? []
                hints.append("the keys are: " + Sidecar.keys.joined(separator: ", "))
                throw Diagnostic(.data, code: "K421", "unknown key '\(e.key)' in a mapping file", span: e.keySpan, source: source, hints: hints)
            }
            if let first = seen[e.key] {
                throw error(e.keySpan, "\(e.key) is given twice (first on line \(first.line))", hint: "keep one of them")
            }
            seen[e.key] = e
            if e.key != "periods" && e.isArray {
                throw error(e.valueSpan, "\(e.key) takes one column, not a list", hint: "only periods is a list: periods = [\"Q1\", \"Q2\"]")
            }
        }
        guard let f = seen["format"] else { return nil }
        let word = f.values.first?.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "") ?? ""
        guard let format = Format(rawValue: word) else {
            throw error(f.valueSpan, "unknown format '\(f.values.first ?? "")'",
                        hint: "format is one of: " + Format.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return format
    }

    /// The recognised roles with this file's lines laid over them.
    func apply(to file: LoadedFile, recognised: RoleMapping) throws(Diagnostic) -> RoleMapping {
        var m = recognised
        let origin = { (e: Entry) in "\(self.fileName) line \(e.line)" }
        for e in entries {
            if e.key == "periods" {
                m.periods = try e.values.indices.map { (k: Int) throws(Diagnostic) -> Int in try column(e.values[k], e, k, in: file) }
                m.periodsOrigin = origin(e)
                for (k, p) in m.periods.enumerated() where file.kinds[p] != .number {
                    throw error(e.spans[k], "period column '\(file.headers[p])' is \(file.kinds[p].rawValue), not numbers",
                                hint: "first text in it: '\(file.profiles[p].firstText ?? "")'; periods must hold the values")
                }
                continue
            }
            guard let role = RoleMapping.Role(rawValue: e.key), let value = e.values.first else { continue }
            if role == .good, file.index(ofHeading: value) == nil, !file.names.contains(value.lowercased()),
               let polarity = RoleRecognizer.polarity(value) {
                m.roles[.good] = nil
                m.goodConstant = polarity
                m.goodConstantOrigin = origin(e)
                continue
            }
            let i = try column(value, e, 0, in: file)
            for (r, a) in m.roles where a.column == i { m.roles[r] = nil }
            m.periods.removeAll { $0 == i }
            m.roles[role] = .init(column: i, origin: origin(e))
            if role == .good { m.goodConstant = nil }
        }
        return m
    }

    /// The column a value names, by heading or field name.
    private func column(_ value: String, _ e: Entry, _ k: Int, in file: LoadedFile) throws(Diagnostic) -> Int {
        if let i = file.index(ofHeading: value) ?? file.names.firstIndex(of: value.lowercased()) { return i }
        var hints: [String] = []
        if let s = Suggest.closest(to: value, in: file.headers) { hints.append("did you mean '\(s)'?") }
        if e.key == "good" { hints.append("good is a column, or high or low for every row") }
        hints.append("the columns of \(file.fileName) are: " + file.headers.map { "'\($0)'" }.joined(separator: ", "))
        throw Diagnostic(.data, code: "K422", "\(file.fileName) has no column '\(value)'", span: e.spans[k], source: source, hints: hints)
    }
}
