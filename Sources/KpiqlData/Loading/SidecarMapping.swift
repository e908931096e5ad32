import KpiqlEngine

/// What a sidecar file's lines mean: the format to read the file as, and roles that replace
/// the ones recognised from headings. Every key and every column it names is checked, with a
/// caret under the mistake and the near miss suggested.
extension Sidecar {
    enum Format: String, CaseIterable, Sendable { case metrics, plain, fingertips, lginform, long }

    static let roleKeys = RoleMapping.Role.allCases.map(\.rawValue)
    static let longKeys = ["area", "area_code", "indicator", "indicator_id", "period", "value", "breakdowns", "good", "target"]
    static let keys = ["format", "periods"] + roleKeys + longKeys.filter { !roleKeys.contains($0) }
    /// Keys that name a list of columns.
    static let listKeys: Set<String> = ["periods", "breakdowns"]

    /// The keys that mean something for a format (nil: a metrics file, or long if a key says so).
    static func keys(for format: Format) -> [String] {
        switch format {
        case .plain, .fingertips: return ["format"]
        case .long: return ["format"] + longKeys
        case .metrics, .lginform: return ["format", "periods"] + roleKeys
        }
    }

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
            if !Sidecar.listKeys.contains(e.key) && e.isArray {
                throw error(e.valueSpan, "\(e.key) takes one column, not a list", hint: "only periods and breakdowns are lists: periods = [\"Q1\", \"Q2\"]")
            }
            if Sidecar.listKeys.contains(e.key) && !e.isArray {
                throw error(e.valueSpan, "\(e.key) is a list of columns", hint: "write \(e.key) = [\"\(e.values.first ?? "…")\"]")
            }
        }
        var format: Format?
        if let f = seen["format"] {
            let word = f.values.first?.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "") ?? ""
            guard let named = Format(rawValue: word) else {
                throw error(f.valueSpan, "unknown format '\(f.values.first ?? "")'",
                            hint: "format is one of: " + Format.allCases.map(\.rawValue).joined(separator: ", "))
            }
            format = named
        } else if entries.contains(where: { ["period", "value", "breakdowns", "indicator_id"].contains($0.key) }) {
            format = .long
        }
        // A key the format does not read is a mistake, not something to pass over in silence.
        let allowed = Sidecar.keys(for: format ?? .metrics)
        for e in entries where !allowed.contains(e.key) {
            let which = format.map { "format = \"\($0.rawValue)\"" } ?? "a metrics file"
            var hints = ["\(which) reads: " + allowed.joined(separator: ", ")]
            if format == .plain || format == .fingertips { hints.append("remove the line, or choose format = \"metrics\" or \"long\" to give columns roles") }
            throw Diagnostic(.data, code: "K424", "\(e.key) does not apply to \(which)", span: e.keySpan, source: source, hints: hints)
        }
        return format
    }

    /// The long layout's columns: the mapping file's lines laid over those found from headings.
    func longColumns(_ file: LoadedFile, over detected: LongLayout.Columns?) throws(Diagnostic) -> LongLayout.Columns {
        var c = detected ?? LongLayout.Columns()
        for e in entries {
            let origin = "\(fileName) line \(e.line)"
            c.origins[e.key] = origin
            switch e.key {
            case "breakdowns": c.breakdowns = try e.values.indices.map { (k: Int) throws(Diagnostic) -> Int in try column(e.values[k], e, k, in: file) }
            case "good":
                if file.index(ofHeading: e.values[0]) == nil, !file.names.contains(e.values[0].lowercased()), let p = Polarity.read(e.values[0]) {
                    c.good = nil
                    c.goodConstant = p
                } else {
                    c.good = try column(e.values[0], e, 0, in: file)
                }
            case "format": continue
            default:
                let i = try column(e.values[0], e, 0, in: file)
                switch e.key {
                case "area": c.area = i
                case "area_code": c.areaCode = i
                case "indicator": c.indicator = i
                case "indicator_id": c.indicatorID = i
                case "period": c.period = i
                case "value": c.value = i
                case "target": c.target = i
                default: break
                }
            }
        }
        return c
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
    func column(_ value: String, _ e: Entry, _ k: Int, in file: LoadedFile) throws(Diagnostic) -> Int {
        if let i = file.index(ofHeading: value) ?? file.names.firstIndex(of: value.lowercased()) { return i }
        var hints: [String] = []
        if let s = Suggest.closest(to: value, in: file.headers) { hints.append("did you mean '\(s)'?") }
        if e.key == "good" { hints.append("good is a column, or high or low for every row") }
        hints.append("the columns of \(file.fileName) are: " + file.headers.map { "'\($0)'" }.joined(separator: ", "))
        throw Diagnostic(.data, code: "K422", "\(file.fileName) has no column '\(value)'", span: e.spans[k], source: source, hints: hints)
    }
}
