import CLibPQ
import Foundation
import KpiqlEngine
import KpiqlData

/// A server's rows typed into kpiql's result columns, in the forms the executor makes in
/// memory: numbers as `[Double]`, text as codes into the column's distinct strings, enums as
/// one byte. Cells are read where libpq holds them; no String is made per cell.
///
/// Hand-written because typing cells was kpiql's overhead over psql on row-heavy results
/// (BENCHMARKS.md, Server: Q1 and Q5 at 1M rows, 12.8% and 14.2% on the table, 21.9% and
/// 27.7% on the derived view, when every cell became a `Value` holding its own String).
/// A text column of 30 000 rows holds a few hundred distinct councils or priorities, so each
/// distinct string is made once (`ByteDictionary`, the loader's table of byte strings).
enum PGResultReader {
    static func resultSet(_ rows: PGConnection.Rows, _ q: BoundQuery) -> ResultSet {
        let outputs = q.outputs
        // The columns are independent and libpq's finished result is only read: two threads
        // share them (one column per task, in column order).
        let tasks = outputs.indices.map { $0..<($0 + 1) }
        let threads = rows.count >= 4096 ? 2 : 1
        let columns = Parallel.map(tasks, threads: threads) { r in
            column(rows, r.lowerBound, name: outputs[r.lowerBound].name, type: outputs[r.lowerBound].expr.type)
        }
        return ResultSet(columns: columns, rowCount: rows.count, tableName: q.table.name)
    }

    /// Column `c` of the rows as `type`.
    static func column(_ rows: PGConnection.Rows, _ c: Int, name: String, type: FieldType) -> ResultSet.Column {
        switch type {
        case .number:
            return ResultSet.Column(name: name, type: type, numbers: numbers(rows, c))
        case .text:
            let (codes, dictionary) = distinct(rows, c)
            return ResultSet.Column(name: name, type: type, codes: codes, strings: dictionary.strings())
        case .enumeration(let domain):
            let (codes, dictionary) = distinct(rows, c)
            let strings = dictionary.strings()
            // A symbol the domain does not spell the same way (never written by kpiql's SQL)
            // keeps the server's text, as a plain value.
            let map = strings.map { s in domain.code(of: s).flatMap { domain.symbol($0) == s ? $0 : nil } }
            guard !map.contains(nil) else {
                return ResultSet.Column(name: name, type: type, values: codes.map { $0 < 0 ? .missing : .symbol(strings[Int($0)]) })
            }
            let bytes = codes.map { $0 < 0 ? EnumDomain.missingCode : map[Int($0)]! }
            return ResultSet.Column(name: name, type: type, symbols: bytes, domain: domain)
        case .bool:
            let values = (0..<rows.count).map { r -> Value in
                rows.withCell(r, c) { p, n in .bool(n == 1 && p[0] == 0x74) } ?? .missing
            }
            return ResultSet.Column(name: name, type: type, values: values)
        }
    }

    /// PostgreSQL's text form of doubles (digits, `NaN`, `Infinity`); NULL, NaN and text that
    /// is not a number are missing (NaN).
    static func numbers(_ rows: PGConnection.Rows, _ c: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: rows.count) { out, made in
            for r in 0..<rows.count {
                out[r] = rows.withCell(r, c) { p, n in
                    if n > 0, let v = PlainDecimal.parse(p, n) { return v }
                    // strtod reads '.' as the decimal point: kpiql sets LC_CTYPE only, never LC_NUMERIC.
                    return p.withMemoryRebound(to: CChar.self, capacity: n + 1) { s in
                        var end: UnsafeMutablePointer<CChar>?
                        let v = strtod(s, &end)
                        guard let end, end == UnsafeMutablePointer(mutating: s) + n, n > 0 else { return .nan }
                        return v
                    }
                } ?? .nan
            }
            made = rows.count
        }
    }

    /// Each cell's code among the column's distinct byte strings (-1 for NULL).
    static func distinct(_ rows: PGConnection.Rows, _ c: Int) -> ([Int32], ByteDictionary) {
        var dictionary = ByteDictionary()
        let codes = (0..<rows.count).map { r in
            rows.withCell(r, c) { p, n in dictionary.code(p, n) } ?? -1
        }
        return (codes, dictionary)
    }
}
