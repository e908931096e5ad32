// swift-tools-version:6.0
import PackageDescription

let lang: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "kpiql",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpiql", targets: ["kpiql"]),
        .library(name: "KpiqlEngine", targets: ["KpiqlEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // The layers below, each a module, so the compiler keeps the flow one-way: a module
        // imports only the ones listed as its dependencies (ARCHITECTURE.md, "Modules").
        //
        // The query engine: text -> tokens -> AST -> bound query -> evaluation -> result ->
        // formatter, over a passive catalog of tables. It knows nothing of files or terminals.
        .target(name: "KpiqlEngine", swiftSettings: lang),
        // Loading and deriving: the one loader, the bundled datasets, the metric rules that
        // derive status, trend and the rest, the audit; `Workspace` keeps them current.
        .target(name: "KpiqlData", dependencies: ["KpiqlEngine"], swiftSettings: lang),
        // The HTML report: captions, cards, charts, provenance.
        .target(name: "KpiqlReport", dependencies: ["KpiqlEngine", "KpiqlData"], swiftSettings: lang),
        // The SQL backend: a bound query -> SQL text for PostgreSQL or DuckDB.
        .target(name: "KpiqlSQL", dependencies: ["KpiqlEngine", "KpiqlData"], swiftSettings: lang),
        // The system libedit (Debian libedit-dev), found through pkg-config.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The system libpq (Debian libpq-dev): the PostgreSQL client for --engine and push.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Running compiled queries on a PostgreSQL server and pushing tables to it (COPY).
        .target(name: "KpiqlServer", dependencies: ["KpiqlEngine", "KpiqlData", "KpiqlSQL", "CLibPQ"], swiftSettings: lang),
        // Swift cannot call C variadic functions (el_set, history): this wraps the ones we need.
        .target(name: "CEditLineShim", dependencies: ["CLibEdit"]),
        // The shell: statements, dot commands, sessions, saved queries, line readers
        // (scripted and libedit).
        .target(name: "KpiqlShell",
                dependencies: ["KpiqlEngine", "KpiqlData", "KpiqlReport", "KpiqlSQL", "KpiqlServer", "CEditLineShim"],
                swiftSettings: lang),
        // `kpiql bench`: the workload timed through the loader and engine users run.
        .target(name: "KpiqlBench", dependencies: ["KpiqlEngine", "KpiqlData"], swiftSettings: lang),
        // The fuzz targets' entry points (Fuzz/run.sh links them with libFuzzer; the unit
        // tests replay every input that once crashed through the same code).
        .target(name: "KpiqlFuzzing", dependencies: ["KpiqlEngine", "KpiqlData", "KpiqlShell"], swiftSettings: lang),
        .executableTarget(
            name: "kpiql",
            dependencies: [
                "KpiqlShell", "KpiqlEngine", "KpiqlData", "KpiqlSQL", "KpiqlServer", "KpiqlBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: lang
        ),
        // What the tests share: the repository's folders, temporary files, the bundled session.
        .target(name: "KpiqlTestSupport", dependencies: ["KpiqlEngine", "KpiqlData"],
                path: "Tests/KpiqlTestSupport", swiftSettings: lang),
        .testTarget(name: "KpiqlEngineTests",
                    dependencies: ["KpiqlEngine", "KpiqlData", "KpiqlReport", "KpiqlBench", "KpiqlFuzzing", "KpiqlShell", "KpiqlTestSupport"],
                    swiftSettings: lang),
        .testTarget(name: "KpiqlShellTests",
                    dependencies: ["KpiqlShell", "KpiqlEngine", "KpiqlData", "KpiqlReport", "KpiqlSQL", "KpiqlTestSupport"],
                    swiftSettings: lang),
        // Round trips and invariants checked on generated inputs; the SQL backend against
        // PostgreSQL and DuckDB (golden queries and random ones, see Tests/sql/with-servers.sh).
        .testTarget(
            name: "KpiqlPropertyTests",
            dependencies: ["KpiqlEngine", "KpiqlData", "KpiqlSQL", "KpiqlShell", "KpiqlServer", "KpiqlReport", "KpiqlTestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: lang
        ),
    ]
)
