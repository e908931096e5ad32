/// The version printed by --version and written in report footers.
public enum KpiqlVersion {
    public static let string = "0.1.0"
}
