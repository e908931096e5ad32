/// Orders positions by several keys. Missing values sort last whatever the direction, text
/// sorts ignoring case, enums in their domain order; ties keep their input order.
enum Sorter {
    static func permutation(count n: Int, keys: [(Vec, Bool)], limit: Int? = nil) -> [Int] {
        var idx = Array(0..<n)
        guard !keys.isEmpty else { return limit.map { Array(idx.prefix($0)) } ?? idx }
        // Text keys are compared through lower-cased copies made once, not per comparison.
        let prepared: [(Key, Bool)] = keys.map { (Key($0.0), $0.1) }
        idx.sort { a, b in
            for (k, desc) in prepared {
                let c = k.compare(a, b)
                if c != 0 {
                    if c == 2 { return false }   // a missing, b not: a goes after b
                    if c == -2 { return true }
                    return desc ? c > 0 : c < 0
                }
            }
            return a < b
        }
        if let limit, limit < idx.count { idx.removeSubrange(limit...) }
        return idx
    }

    /// One sort key, flattened for fast comparison.
    struct Key {
        enum Storage { case number([Double]), text([String?]), codes([UInt8]), bool([UInt8]) }
        let storage: Storage

        init(_ v: Vec) {
            switch v {
            case .number(let x): storage = .number(x)
            case .text(let x): storage = .text(x.map { $0?.lowercased() })
            case .enumeration(let x, _): storage = .codes(x)
            case .bool(let x): storage = .bool(x)
            }
        }

        /// -1/0/1 for ordering; 2 when only `a` is missing, -2 when only `b` is.
        func compare(_ a: Int, _ b: Int) -> Int {
            switch storage {
            case .number(let x):
                let (p, q) = (x[a], x[b])
                if p.isNaN || q.isNaN { return p.isNaN && q.isNaN ? 0 : (p.isNaN ? 2 : -2) }
                return p < q ? -1 : (p > q ? 1 : 0)
            case .text(let x):
                guard let p = x[a] else { return x[b] == nil ? 0 : 2 }
                guard let q = x[b] else { return -2 }
                return p < q ? -1 : (p > q ? 1 : 0)
            case .codes(let x), .bool(let x):
                let missing: UInt8 = { if case .codes = storage { return EnumDomain.missingCode } else { return 2 } }()
                let (p, q) = (x[a], x[b])
                if p == missing || q == missing { return p == q ? 0 : (p == missing ? 2 : -2) }
                return p < q ? -1 : (p > q ? 1 : 0)
            }
        }
    }
}
