import Foundation
import StrataNumerics
import Yams

/// A risk model file: the indicators, the aggregation tree and the uncertain
/// choices of a composite risk score, versioned.
///
/// One `Codable` schema, read from JSON or YAML (the same keys; YAML through
/// jpsim/Yams). Version 1:
///
/// ```json
/// {"version": 1,
///  "name": "my model", "description": "free text",
///  "indicators": [
///    {"name": "detections", "direction": "higher-is-worse", "transform": "log1p",
///     "normalisation": {"method": "minmax", "min": 0, "max": 100000}},
///    {"name": "vulnerability", "normalisation": "none", "optional": true}],
///  "tree": {"name": "risk", "aggregation": "geometric", "children": [
///    {"name": "threat", "aggregation": "arithmetic", "children": ["detections"]},
///    "vulnerability"]},
///  "uncertainty": {"weightRange": 0.25, "normalisations": ["minmax", "rank"],
///                  "aggregations": {"risk": ["geometric", "arithmetic"]},
///                  "exclude": ["detections"]}}
/// ```
///
/// * **indicator** keys: `name` (the INDICATORS column), `direction`
///   (`higher-is-worse` default, `higher-is-better`), `transform` (`none`
///   default, `log`, `log1p`, `winsorise` / `{"method": "winsorise", "lower",
///   "upper"}`, `winsorise-skew` / `{"method": "winsorise-skew", "skewness",
///   "kurtosis", "maxPoints"}`), `normalisation` (`minmax` default, on 0–10,
///   with optional fixed `min`/`max` in raw units; `zscore`; `rank`; `none` =
///   already 0–10; `{"method": "distance", "reference": UNIT}`), `optional`
///   (default `false`: when `true` and the column is absent the indicator is
///   left out, with a note — no value is invented), `description`.
/// * **node** keys: `name`, `aggregation` (`arithmetic` default, `geometric`,
///   `harmonic`, `inform-geometric`), `children` (indicator names or nodes),
///   `weights` (a list in the order of the children, or an object child →
///   weight; non-negative, summing to one), `weighting` (`equal`, `given`,
///   `pca`), `minimumCoverage` (share of children a unit needs, default 0.5),
///   `description`.
/// * **uncertainty** keys: see ``UncertaintySpecification``.
///
/// Unknown keys, an unknown or missing `version`, unknown names, cycles,
/// duplicate names and bad weights are errors that give the file and the key
/// path (``RiskModelError``).
public struct RiskModel: Sendable, Codable, Equatable {
    /// The schema version this build reads and writes.
    public static let currentVersion = 1

    /// Schema version (must be ``currentVersion``).
    public var version: Int
    /// A short name for reports.
    public var name: String?
    /// Free text for people.
    public var description: String?
    /// The indicators.
    public var indicators: [IndicatorSpecification]
    /// The aggregation tree; its root's value is the risk score.
    public var tree: CompositeNode
    /// The analyst's uncertain choices, varied by Monte Carlo.
    public var uncertainty: UncertaintySpecification?

    /// A model.
    public init(version: Int = RiskModel.currentVersion, name: String? = nil, description: String? = nil,
                indicators: [IndicatorSpecification], tree: CompositeNode, uncertainty: UncertaintySpecification? = nil) {
        self.version = version
        self.name = name
        self.description = description
        self.indicators = indicators
        self.tree = tree
        self.uncertainty = uncertainty
    }

    /// The engine's view of the model.
    public var specification: CompositeSpecification {
        CompositeSpecification(indicators: indicators, tree: tree, uncertainty: uncertainty)
    }

    /// The file formats a model can be read from.
    public enum Format: String, Sendable, CaseIterable {
        case json, yaml

        /// The format for a path: `.yaml`/`.yml` is YAML, anything else JSON.
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") ? .yaml : .json
        }
    }

    /// Read and validate a model file.
    ///
    /// - Parameter path: a `.json`, `.yaml` or `.yml` file.
    /// - Returns: the validated model.
    /// - Throws: ``RiskModelError`` naming the file and, where it applies, the key path.
    public static func load(path: String) throws -> RiskModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RiskModelError(source: path, path: "", message: "cannot read the model file")
        }
        return try decode(data, format: Format(path: path), source: path)
    }

    /// Decode and validate a model from bytes.
    ///
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8).
    ///   - format: JSON or YAML.
    ///   - source: the name used in errors.
    /// - Returns: the validated model.
    /// - Throws: ``RiskModelError``.
    /// - Complexity: O(size of the file).
    public static func decode(_ data: Data, format: Format, source: String = "model") throws -> RiskModel {
        // 1. Generic parse, to check keys and the version before the typed decode.
        let tree: ModelValue
        do {
            switch format {
            case .json: tree = try JSONDecoder().decode(ModelValue.self, from: data)
            case .yaml:
                guard let text = String(data: data, encoding: .utf8) else {
                    throw RiskModelError(source: source, path: "", message: "the file is not UTF-8 text")
                }
                tree = try YAMLDecoder().decode(ModelValue.self, from: text)
            }
        } catch let error as RiskModelError {
            throw error
        } catch {
            throw RiskModelError(source: source, path: "", message: "not valid \(format == .json ? "JSON" : "YAML"): \(Self.describe(error))")
        }
        guard case let .object(root) = tree else {
            throw RiskModelError(source: source, path: "", message: "the model must be an object with version, indicators and tree")
        }
        guard let v = root["version"] else {
            throw RiskModelError(source: source, path: "version", message: "is missing; this strata reads version \(currentVersion)")
        }
        guard case let .number(version) = v, version == Double(currentVersion) else {
            throw RiskModelError(source: source, path: "version",
                                 message: "is \(v.text), but this strata reads version \(currentVersion) only")
        }
        try KeyCheck.model(tree, source: source)

        // 2. Typed decode.
        let model: RiskModel
        do {
            switch format {
            case .json: model = try JSONDecoder().decode(RiskModel.self, from: data)
            case .yaml: model = try YAMLDecoder().decode(RiskModel.self, from: String(decoding: data, as: UTF8.self))
            }
        } catch {
            throw RiskModelError(source: source, path: Self.path(of: error), message: Self.describe(error))
        }

        // 3. Semantic checks (names, cycles, weights).
        do {
            try model.specification.validate()
        } catch let error as CompositeIndexError {
            throw RiskModelError(source: source, path: "", message: error.description)
        }
        return model
    }

    /// Encode as JSON (sorted keys, pretty) or YAML.
    /// - Throws: encoding errors.
    public func encoded(as format: Format) throws -> Data {
        switch format {
        case .json:
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return try e.encode(self)
        case .yaml:
            return Data(try YAMLEncoder().encode(self).utf8)
        }
    }

    static func path(of error: any Error) -> String {
        guard let e = error as? DecodingError else { return "" }
        let ctx: DecodingError.Context
        switch e {
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c): ctx = c
        case let .keyNotFound(key, c):
            return KeyCheck.render(c.codingPath.map(\.pathComponent) + [key.stringValue])
        @unknown default: return ""
        }
        return KeyCheck.render(ctx.codingPath.map(\.pathComponent))
    }

    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case let .typeMismatch(type, c): return "has the wrong type (expected \(Self.typeName(type))). \(c.debugDescription)"
        case let .valueNotFound(type, _): return "is missing (expected \(Self.typeName(type)))"
        case let .keyNotFound(key, _): return "required key '\(key.stringValue)' is missing"
        case let .dataCorrupted(c):
            if let underlying = c.underlyingError { return "\(c.debugDescription) (\(underlying))" }
            return c.debugDescription
        @unknown default: return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return "\(type)"
        }
    }
}

/// An invalid model file: where (file and key path) and why.
public struct RiskModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or the name given to ``RiskModel/decode(_:format:source:)``).
    public var source: String
    /// Key path inside the model, e.g. `tree.children[1].weights`; empty for the whole file.
    public var path: String
    /// What is wrong.
    public var message: String

    /// An error.
    public init(source: String, path: String, message: String) {
        self.source = source
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(source): \(message)" : "\(source): '\(path)' \(message)"
    }
}

extension CodingKey {
    var pathComponent: String { intValue.map { "[\($0)]" } ?? stringValue }
}

/// A JSON/YAML value, for checking keys before the typed decode.
enum ModelValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ModelValue])
    case object([String: ModelValue])

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            var out: [String: ModelValue] = [:]
            for key in c.allKeys { out[key.stringValue] = try c.decode(ModelValue.self, forKey: key) }
            self = .object(out)
            return
        }
        if var c = try? decoder.unkeyedContainer() {
            var out: [ModelValue] = []
            while !c.isAtEnd { out.append(try c.decode(ModelValue.self)) }
            self = .array(out)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    var text: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return "\(b)"
        case let .number(x): return x == x.rounded() && abs(x) < 1e15 ? "\(Int(x))" : "\(x)"
        case let .string(s): return "'\(s)'"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
    }
}

/// The allowed keys of every object in a model file.
enum KeyCheck {
    static let root: Set<String> = ["version", "name", "description", "indicators", "tree", "uncertainty"]
    static let indicator: Set<String> = ["name", "direction", "transform", "normalisation", "optional", "description"]
    static let transform: Set<String> = ["method", "lower", "upper", "skewness", "kurtosis", "maxPoints"]
    static let normalisation: Set<String> = ["method", "min", "max", "reference"]
    static let node: Set<String> = ["name", "aggregation", "children", "weights", "weighting", "minimumCoverage", "description"]
    static let uncertainty: Set<String> = ["weightRange", "normalisations", "aggregations", "exclude"]

    static func model(_ value: ModelValue, source: String) throws {
        guard case let .object(root) = value else { return }
        try keys(root, allowed: Self.root, path: [], source: source)
        if case let .array(list)? = root["indicators"] {
            for (i, item) in list.enumerated() {
                guard case let .object(ind) = item else { continue }
                let p = ["indicators", "[\(i)]"]
                try keys(ind, allowed: indicator, path: p, source: source)
                if case let .object(t)? = ind["transform"] { try keys(t, allowed: transform, path: p + ["transform"], source: source) }
                if case let .object(n)? = ind["normalisation"] { try keys(n, allowed: normalisation, path: p + ["normalisation"], source: source) }
            }
        }
        if let tree = root["tree"] { try node(tree, path: ["tree"], source: source) }
        if case let .object(u)? = root["uncertainty"] { try keys(u, allowed: uncertainty, path: ["uncertainty"], source: source) }
    }

    static func node(_ value: ModelValue, path: [String], source: String) throws {
        guard case let .object(n) = value else { return }
        try keys(n, allowed: node, path: path, source: source)
        if case let .array(children)? = n["children"] {
            for (i, child) in children.enumerated() { try node(child, path: path + ["children", "[\(i)]"], source: source) }
        }
    }

    static func keys(_ object: [String: ModelValue], allowed: Set<String>, path: [String], source: String) throws {
        if let bad = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RiskModelError(
                source: source, path: render(path + [bad]),
                message: "is not a known key here (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    static func render(_ parts: [String]) -> String {
        var out = ""
        for p in parts {
            if p.hasPrefix("[") { out += p } else { out += out.isEmpty ? p : ".\(p)" }
        }
        return out
    }
}
