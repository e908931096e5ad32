import KpiqlEngine

/// The RAG rule, in one place so its boundaries can be tested.
///
/// Green when the target is met; amber when not met but the achievement ratio — latest/target
/// when good is high, target/latest when low — is at least 1 − tolerance/100 (St Helens:
/// "within 95% of target"); red otherwise; missing without a target, a value or a polarity.
public enum StatusRule {
    public static let green: UInt8 = 0, amber: UInt8 = 1, red: UInt8 = 2

    public static func classify(latest: Double, target: Double, goodHigh: Bool?, tolerance: Double) -> UInt8 {
        guard let high = goodHigh, !latest.isNaN, !target.isNaN else { return EnumDomain.missingCode }
        let met = high ? latest >= target : latest <= target
        if met { return green }
        let ratio = high ? latest / target : target / latest
        // A small epsilon so a published 95.0% is not lost to binary rounding.
        return ratio.isFinite && ratio >= 1 - tolerance / 100 - 1e-12 ? amber : red
    }

    /// The same rule read from a published % variance (positive is better), for a council's
    /// own classification: high 1 + v/100, low 1 / (1 − v/100).
    public static func classify(publishedVariance v: Double, goodHigh: Bool?, tolerance: Double) -> UInt8 {
        guard let high = goodHigh, !v.isNaN else { return EnumDomain.missingCode }
        if v >= 0 { return green }
        let ratio = high ? 1 + v / 100 : 1 / (1 - v / 100)
        return ratio >= 1 - tolerance / 100 - 1e-12 ? amber : red
    }

    /// Signed % from target, positive is better; missing without a target or when it is 0.
    public static func variance(latest: Double, target: Double, goodHigh: Bool?) -> Double {
        guard let high = goodHigh, !latest.isNaN, !target.isNaN, target != 0 else { return .nan }
        return (high ? latest - target : target - latest) / abs(target) * 100
    }

    /// The shortfall in the metric's own units, 0 when met.
    public static func gap(latest: Double, target: Double, goodHigh: Bool?) -> Double {
        guard let high = goodHigh, !latest.isNaN, !target.isNaN else { return .nan }
        return max(0, high ? target - latest : latest - target)
    }
}
