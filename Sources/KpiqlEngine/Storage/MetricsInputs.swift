/// The raw, published values of a metrics table, kept so derived fields can be recomputed.
///
/// `periods` are the period columns oldest first (Sefton r3, r2, r1, latest; St Helens
/// outturn, q1, q2); a council with fewer periods leaves the earlier ones missing.
struct MetricsInputs: Sendable {
    var periods: [[Double]]
    var target: [Double]
    /// A profiled (year-to-date) target where the source gives one; NaN otherwise.
    var periodTarget: [Double]
    /// 0 high, 1 low, 255 missing (codes of `EnumDomain.good`).
    var good: [UInt8]
    /// The published variance, and how the council's own classification reads (met/not met).
    var reportedVariance: [Double]
    var reportedMet: [UInt8]   // 1 met, 0 not met, 255 not published
    /// A published trend that replaces the computed one (Fingertips' Recent Trend, a
    /// statistical test over several periods), with the sentence `.fields` shows for it.
    var trendOverride: (codes: [UInt8], doc: String)? = nil
}
