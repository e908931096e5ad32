import KpiqlEngine

/// One thing a scrutiny officer should check before a meeting: which metric, which rule,
/// what was published and what kpiql recomputes from the published values.
public struct AuditFinding: Sendable, Equatable {
    public enum Rule: String, CaseIterable, Sendable {
        case variance = "variance not reproducible"
        case change = "change not reproducible"
        case distance = "distance not reproducible"
        case metShort = "met but short of target"
        case notMetButMet = "not met but target met"
        case classification = "classification differs"
        case missingPolarity = "missing polarity"
        case zeroTarget = "zero target with a % distance"
        case changeFromZero = "change from zero or blank"
        case missingArrow = "trend arrow missing"

        /// What the rule checks, for `.audit` and the README.
        public var explanation: String {
            switch self {
            case .variance: return "the published % variance cannot be recomputed from the published value and target (nor a declared period target), allowing for rounding"
            case .change: return "the published change from previous cannot be recomputed from the two published values"
            case .distance: return "the published distance from target cannot be recomputed from the value and the target"
            case .metShort: return "published as met, but the value is short of the target"
            case .notMetButMet: return "published as not met, but the value meets the target"
            case .classification: return "the published amber/red differs from the same rule applied to the published values"
            case .missingPolarity: return "no polarity (Good Is / Higher or Lower is better), so no status or trend can be worked out"
            case .zeroTarget: return "a target of zero with a percentage distance or variance (a percentage of zero)"
            case .changeFromZero: return "a % change from a previous value of zero or blank (printed inf%)"
            case .missingArrow: return "the trend arrow is missing where the report should show one"
            }
        }
    }

    public var table: String
    public var council: String?
    public var id: String
    public var rule: Rule
    public var published: String
    public var recomputed: String
    public var detail: String
}
