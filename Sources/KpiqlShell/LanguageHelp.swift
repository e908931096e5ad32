import Foundation

/// The language reference inside the REPL: `.help where`, `.help functions`, `.help rank`.
///
/// `.help` reads dot commands from `DotCommands.all` and, for any other word, these topics;
/// each topic answers to the words a user would type for it (a clause, an operator, a
/// function name). The full text is the README's "The language" section.
struct LanguageHelp {
    var name: String
    /// Words that find this topic besides its name (`where`, `pct`, `between`…).
    var words: [String]
    var text: String

    static let topics: [LanguageHelp] = [
        LanguageHelp(name: "clauses", words: ["from", "where", "select", "group", "by", "totals", "order", "limit", "as", "asc", "desc", "query"], text: """
            A query is clauses in any order, each at most once; they run
            from → where → group by → select → order by → limit.
              from TABLE                       from budget (default metrics, or .use TABLE)
              where CONDITION                  where status = red and good = high
              select EXPR [as NAME], …         select id, latest - target as diff; select *
              group by EXPR, … [with totals]   group by priority select priority, count() as n
              order by EXPR [asc|desc], …      order by status desc, variance
              limit N                          limit 10
            where keeps the rows where the condition is true: not false, not unknown.
            See also: .help operators, .help functions, .help missing
            """),
        LanguageHelp(name: "operators", words: ["=", "!=", "<>", "<", ">", "and", "or", "not", "in", "between", "contains", "starts", "matches", "is", "like"], text: """
              = != <> < <= > >=                compare numbers, text (ignoring case) or values
              and or not ( )                   three-valued: unknown and false is false
              x in (a, b)   x not in (…)       one of a list
              x between a and b                inclusive at both ends
              name contains "foster"           text search, ignoring case
              id starts with "CYP"
              id matches "^CS-00[0-9]$"        a regular expression
              x is missing   x is not missing
              + - * /                          on numbers; x / 0 is missing
            A bare word compared with a field is one of its values: status = red, council = Sefton.
            """),
        LanguageHelp(name: "functions", words: ["count", "pct", "sum", "avg", "min", "max", "median", "abs", "round", "coalesce", "least", "greatest", "spark", "declining", "improving", "aggregate", "aggregates"], text: """
            Row functions
              abs(x)  round(x)  round(x, n)    round is half away from zero, as councils round
              coalesce(x, y, …)                the first that is not missing
              least(x, y, …)  greatest(…)      within the row; min(periods), max(periods)
              spark(r3, r2, r1, latest)        a sparkline
              declining(n)  improving(n)       the last n changes all worse / all better
            Aggregates (one row per group; without group by, one for the whole selection)
              count()                          rows
              count(condition)                 rows where it is true (count(field): where it has a value)
              pct(condition)                   % of the rows where it is known that it is true
              sum avg min max median (x)       missing values are skipped
            count(condition) and pct(condition) leave out rows where the condition is unknown
            (no status, no trend): pct(p) + pct(not p) is 100, and a group where no row is
            known has no count or percentage at all.
            """),
        LanguageHelp(name: "rank", words: ["quartile", "group_avg", "comparative", "neighbours", "comparator"], text: """
            Comparisons between areas, on a table of several areas (see README, Comparing councils):
              rank(x)                          1 is the best, read with good (higher/lower is better)
              quartile(x)                      1 best … 4 worst
              group_avg(x)                     the average over the areas
            Each takes a comparator group: rank(latest, neighbours); .group defines one.
            """),
        LanguageHelp(name: "missing", words: ["null", "unknown", "blank"], text: """
            A missing value (a blank cell, "To be reported in Q3", no target) makes a comparison
            unknown. where keeps only true rows, so where p, where not p and where p is missing
            split a table in three. Arithmetic with a missing value is missing; aggregates skip
            missing values; order by puts them last. Tables show · (.set missing to change it).
            """),
        LanguageHelp(name: "parameters", words: ["param", "$"], text: """
            $name in a query is a parameter: --param name=VALUE, .param name=VALUE, or a saved
            query's header (-- param: name = default). .run NAME name=VALUE runs a saved query with one.
            """),
    ]

    /// The topic for a word a user typed after `.help`, if any.
    static func find(_ word: String) -> LanguageHelp? {
        let w = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        return topics.first { $0.name == w || $0.words.contains(w) }
    }

    /// Every word `.help` answers to besides the dot commands, for completion and "did you mean".
    static var allWords: [String] { topics.flatMap { [$0.name] + $0.words }.filter { $0.first?.isLetter ?? false } }
}
