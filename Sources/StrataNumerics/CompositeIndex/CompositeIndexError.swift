/// Why a composite index could not be built or evaluated.
///
/// Every case names the indicator, node or unit concerned so that the analyst
/// can fix the model or the table; none of them is raised by a trap.
public enum CompositeIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)
    /// The table has no column for a required indicator of the model.
    case missingIndicator(name: String)
    /// The tree refers to a name that is neither an indicator nor a node.
    case unknownName(name: String, node: String)
    /// A name is used twice (two indicators, two nodes, an indicator and a node,
    /// or one child listed twice), or a node contains itself.
    case duplicateName(name: String)
    /// The tree contains a cycle through `path`.
    case cycle(path: [String])
    /// A node has no children.
    case emptyNode(name: String)
    /// A node's weights are invalid (wrong count, negative, not finite, or not summing to one).
    case invalidWeights(node: String, detail: String)
    /// Every observed value of the indicator is the same, so a data-driven
    /// normalisation (min–max without fixed bounds, z-score) is undefined.
    case zeroVariance(indicator: String)
    /// The indicator has no observed value at all.
    case allMissingIndicator(indicator: String)
    /// The unit has no observed value for any indicator used by the model.
    case allMissingUnit(unit: String)
    /// A value cannot go through the indicator's transform or normalisation
    /// (log of a non-positive number, a 0–10 value outside 0–10, …).
    case invalidValue(indicator: String, unit: String, value: Double, detail: String)
    /// A geometric, harmonic or INFORM mean received a value outside its
    /// domain (negative, or outside 0–10 for the INFORM mean).
    case invalidMeanInput(node: String, unit: String, value: Double, detail: String)
    /// Principal-component weights could not be computed for a node.
    case pcaWeights(node: String, detail: String)
    /// The table itself is malformed (shape, duplicate unit or indicator names).
    case invalidTable(detail: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, detail): return "parameter '\(name)' \(detail)"
        case let .missingIndicator(name):
            return "the indicators table has no column '\(name)' (required by the model; mark it \"optional\": true to score without it)"
        case let .unknownName(name, node):
            return "node '\(node)' lists '\(name)', which is neither an indicator of the model nor a node"
        case let .duplicateName(name): return "the name '\(name)' is used more than once in the model"
        case let .cycle(path): return "the model tree contains a cycle: \(path.joined(separator: " → "))"
        case let .emptyNode(name): return "node '\(name)' has no children"
        case let .invalidWeights(node, detail): return "weights of node '\(node)': \(detail)"
        case let .zeroVariance(indicator):
            return "indicator '\(indicator)' has the same value for every unit: min-max (without fixed bounds) and z-score normalisation are undefined"
        case let .allMissingIndicator(indicator): return "indicator '\(indicator)' is missing for every unit"
        case let .allMissingUnit(unit): return "unit '\(unit)' has no value for any indicator of the model"
        case let .invalidValue(indicator, unit, value, detail):
            return "indicator '\(indicator)', unit '\(unit)': value \(value) \(detail)"
        case let .invalidMeanInput(node, unit, value, detail):
            return "node '\(node)', unit '\(unit)': input \(value) \(detail)"
        case let .pcaWeights(node, detail): return "PCA weights of node '\(node)': \(detail)"
        case let .invalidTable(detail): return "indicators table: \(detail)"
        }
    }
}
