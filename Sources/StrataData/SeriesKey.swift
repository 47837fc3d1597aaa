/// The identity of one series: ordered dimension → code pairs.
///
/// Dimensions are open-ended, as in SDMX: a Frontex series is
/// `route=Central Mediterranean Route, type=Sea, nat=SYR`; a Eurostat one
/// `geo=Germany, citizen=Total, sex=Total, age=Total, unit=Person`. The order
/// of the pairs is the order of the columns in the file and is part of the
/// key's identity.
public struct SeriesKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One dimension and its code.
    public struct Component: Sendable, Hashable, Codable {
        /// The dimension name, e.g. `route`.
        public var dimension: String
        /// The code, e.g. `Central Mediterranean Route`.
        public var code: String

        /// A dimension and its code.
        public init(dimension: String, code: String) {
            self.dimension = dimension
            self.code = code
        }
    }

    /// The pairs, in order.
    public var components: [Component]

    /// A key from ordered `(dimension, code)` pairs.
    public init(_ pairs: [(String, String)]) {
        components = pairs.map { Component(dimension: $0.0, code: $0.1) }
    }

    /// A key from its components.
    public init(components: [Component]) {
        self.components = components
    }

    /// The code of `dimension`, or `nil` when the key has no such dimension.
    /// - Complexity: O(number of dimensions).
    public subscript(dimension: String) -> String? {
        components.first { $0.dimension == dimension }?.code
    }

    /// The dimension names, in order.
    public var dimensions: [String] { components.map(\.dimension) }

    /// `route=X, nat=Y`, or `(no dimensions)` for the key of a single-series file.
    public var description: String {
        components.isEmpty ? "(no dimensions)" : components.map { "\($0.dimension)=\($0.code)" }.joined(separator: ", ")
    }
}

/// Codes that mark a total over the other codes of the same dimension.
///
/// A dimension may carry a total (`Total` in any case, `All`, SDMX `_T`)
/// alongside its parts, as Eurostat's `citizen=Total`. The
/// validation report checks the parts against the total, and aggregation
/// never sums a total with its parts (see ``Aggregation``).
public enum TotalCode {
    /// `true` for `Total` (any case), `All`/`ALL` and the SDMX code `_T`.
    public static func isTotal(_ code: String) -> Bool {
        if code == "_T" { return true }
        let lower = code.lowercased()
        return lower == "total" || lower == "all"
    }
}
