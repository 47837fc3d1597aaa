import Foundation

/// A JSON value decoded with `JSONDecoder` (strict: booleans only from
/// `true`/`false`, integers told apart from decimals).
indirect enum JSONValue: Decodable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .integer(i) } else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) } else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }
}

/// A small JSON Schema (draft 2020-12) validator for the keywords the
/// assessment schema uses: `type`, `required`, `properties`,
/// `additionalProperties`, `items`, `$ref` (to `#/$defs/…`), `enum`, `const`,
/// `anyOf`, `pattern`. Returns one message per violation with its JSON path.
struct JSONSchemaValidator {
    let root: [String: Any]

    init(schema data: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        root = object
    }

    func validate(_ data: Data) throws -> [String] { validate(try JSONValue.parse(data)) }

    func validate(_ instance: JSONValue) -> [String] {
        var errors: [String] = []
        check(instance, root, "$", &errors)
        return errors
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/"),
              let defs = root["$defs"] as? [String: Any],
              let target = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any] else { return schema }
        return resolve(target)
    }

    private func typeName(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private func text(_ v: Any) -> String {
        switch v {
        case let j as JSONValue:
            switch j {
            case .null: return "null"
            case let .bool(b): return "\(b)"
            case let .integer(i): return "\(i)"
            case let .number(d): return "\(d)"
            case let .string(s): return s
            default: return "\(j)"
            }
        case let n as NSNumber: return n.stringValue
        default: return "\(v)"
        }
    }

    private func matches(_ v: JSONValue, type: String) -> Bool {
        let t = typeName(v)
        return t == type || (type == "number" && t == "integer")
    }

    private func check(_ v: JSONValue, _ raw: [String: Any], _ path: String, _ errors: inout [String]) {
        let s = resolve(raw)
        if let anyOf = s["anyOf"] as? [[String: Any]] {
            let ok = anyOf.contains { sub in
                var e: [String] = []
                check(v, sub, path, &e)
                return e.isEmpty
            }
            if !ok { errors.append("\(path): matches no alternative of anyOf") }
        }
        if let type = s["type"] as? String, !matches(v, type: type) {
            errors.append("\(path): expected \(type), got \(typeName(v))")
            return
        }
        if let types = s["type"] as? [String], !types.contains(where: { matches(v, type: $0) }) {
            errors.append("\(path): expected one of \(types), got \(typeName(v))")
            return
        }
        if let options = s["enum"] as? [Any], !options.contains(where: { text($0) == text(v) }) {
            errors.append("\(path): \(text(v)) is not one of \(options)")
        }
        if let c = s["const"], text(c) != text(v) || typeName(v) == "string" { errors.append("\(path): expected \(c), got \(text(v))") }
        if let pattern = s["pattern"] as? String, case let .string(str) = v {
            let re = try? NSRegularExpression(pattern: pattern)
            if re?.firstMatch(in: str, range: NSRange(str.startIndex..., in: str)) == nil {
                errors.append("\(path): '\(str)' does not match \(pattern)")
            }
        }
        if case let .object(object) = v {
            for key in s["required"] as? [String] ?? [] where object[key] == nil {
                errors.append("\(path): missing required key '\(key)'")
            }
            let properties = s["properties"] as? [String: Any] ?? [:]
            for (key, value) in object {
                if let sub = properties[key] as? [String: Any] {
                    check(value, sub, "\(path).\(key)", &errors)
                } else if let extra = s["additionalProperties"] as? Bool, !extra {
                    errors.append("\(path): unexpected key '\(key)'")
                } else if let extra = s["additionalProperties"] as? [String: Any] {
                    check(value, extra, "\(path).\(key)", &errors)
                }
            }
        }
        if case let .array(array) = v, let items = s["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { check(element, items, "\(path)[\(i)]", &errors) }
        }
    }
}
