/// A checked join, ready to run: the tables in order, and for each `join` the key columns on
/// either side. `HashJoin` turns it into one row selection per table; the query's columns are
/// then gathered through those selections (see `JoinExecutor`).
public struct BoundJoin: @unchecked Sendable {
    public struct Side {
        public let table: Table
        /// The alias, or the table's own name: what `name.field` qualifies with.
        public let name: String
    }

    public struct Step {
        public let kind: JoinClause.Kind
        /// The side this step joins on (1, 2 … in the order written).
        public let right: Int
        /// Each key: the earlier side and column holding it, and the column in the right table.
        public let leftKeys: [(side: Int, column: Int)]
        public let rightKeys: [Int]
        /// The key fields as written, for the note about repeated keys.
        public let keyNames: [String]
    }

    public let sides: [Side]
    public let steps: [Step]
    /// For each column of the query's table (the joined schema): the side and column it shows.
    public let sources: [(side: Int, column: Int)]
}
