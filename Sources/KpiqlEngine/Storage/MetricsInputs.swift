/// The raw, published values of a metrics table, kept so derived fields can be recomputed.
///
/// `periods` are the period columns oldest first (Sefton r3, r2, r1, latest; St Helens
/// outturn, q1, q2); a council with fewer periods leaves the earlier ones missing.
/// `periodTarget`, `reportedVariance` and `reportedMet` may be empty: none given (a table
/// built from roles), which saves three column-sized arrays of missing values.
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
}
