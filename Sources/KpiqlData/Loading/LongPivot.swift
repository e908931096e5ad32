import KpiqlEngine

/// The pivot every long file goes through (the long layout, and Fingertips as a preset of
/// it): rows keyed by indicator × area (× breakdowns) become one metric each, their values
/// laid out one series per period, periods in time order.
struct LongPivot {
    /// Period labels, oldest first.
    var labels: [String] = []
    /// Each metric's first row in the file.
    var firstRow: [Int] = []
    /// `series[period][metric]`: the value, NaN where the metric has none for the period.
    var series: [[Double]] = []
    /// `rows[period][metric]`: the file row the value came from, -1 where none.
    var rows: [[Int32]] = []
    /// Repeated metric × period rows (counted where a later row replaces an earlier one).
    var repeats = 0
    /// The periods were not all readable as periods, so they are in the order first seen.
    var orderedAsSeen = false

    var count: Int { firstRow.count }

    /// The period of each metric's latest value, -1 where it has none.
    var latestSlot: [Int] { (0..<count).map { m in series.indices.last { !series[$0][m].isNaN } ?? -1 } }

    enum Repeat { case error, lastValueWins }

    /// `rows`: the file rows to pivot, in order; `key` the cells that make a metric;
    /// `sortKey` orders a period (nil: not readable, then all periods go in first-seen order).
    /// A repeated metric × period is an error naming both lines, or the later value replaces
    /// the earlier (Fingertips repeats rows; a long file that does is ambiguous).
    init(_ file: LoadedFile, rows subset: [Int], key: [CellReader], period: CellReader, values: [Double],
         sortKey: (Int, String) -> Double?, repeats policy: Repeat) throws(Diagnostic) {
        var slotOf: [String: Int] = [:], keys: [Double?] = []
        for r in subset {
            guard let p = period.text(r) else { continue }
            if let s = slotOf[p] {
                if let k = sortKey(r, p), let old = keys[s] { keys[s] = min(old, k) }
                continue
            }
            slotOf[p] = labels.count
            labels.append(p)
            keys.append(sortKey(r, p))
        }
        if keys.allSatisfy({ $0 != nil }) {
            // Periods that sort alike (2019/20 and 2019 - 21) keep the order they were first seen in.
            labels = labels.indices.sorted { (keys[$0]!, $0) < (keys[$1]!, $1) }.map { labels[$0] }
        } else {
            orderedAsSeen = labels.count > 1
        }
        for (k, l) in labels.enumerated() { slotOf[l] = k }
        series = Array(repeating: [], count: labels.count)
        rows = Array(repeating: [], count: labels.count)
        var index: [[Int64]: Int] = [:]
        for r in subset {
            guard let p = period.text(r), let s = slotOf[p] else { continue }
            let k = key.map { $0.key(r) }
            let m: Int
            if let found = index[k] { m = found } else {
                m = firstRow.count
                index[k] = m
                firstRow.append(r)
                for i in series.indices { series[i].append(.nan); rows[i].append(-1) }
            }
            if rows[s][m] >= 0 {
                if policy == .error {
                    throw LoadError.file(file.path, "two values for the same \(key.map { "'\(file.headers[$0.column ?? 0])'" }.joined(separator: " × ")) in period '\(p)': lines \(file.lineOfRow(Int(rows[s][m]))) and \(file.lineOfRow(r))",
                                         hints: ["remove one of them, or name the column that tells them apart: breakdowns = [\"…\"] in \(file.fileName).kpiql.toml"],
                                         code: "K442")
                }
                repeats += 1
                if values[r].isNaN { continue }
            }
            rows[s][m] = Int32(r)
            series[s][m] = values[r]
        }
    }

    /// One number field per period, `p_2023_24` for 2023/24, each named once.
    static func periodColumns(_ labels: [String], _ series: [[Double]], taken: Set<String>, doc: (Int, String) -> String) -> [Column] {
        var used = taken
        return labels.enumerated().map { k, label in
            var field = "p_" + LoadedFile.fieldName(label).replacingOccurrences(of: "c_", with: "", options: .anchored)
            while used.contains(field) { field += "_" }
            used.insert(field)
            return .number(field, series[k], doc: doc(k, label))
        }
    }
}
